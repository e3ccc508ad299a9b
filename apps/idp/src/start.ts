import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import { adminRoutes, type AdminOperations } from './admin';
import { backchannelLine, sendBackchannelLogouts } from './backchannel-logout';
import { ConsentMemory } from './consent-memory';
import { copyCounters, emptyCounters, type IdpCounters } from './counters';
import { IdpError } from './errors';
import { interactionRoutes } from './interactions';
import { generateSigningKey, rotate, type SigningKey } from './keys';
import { observe } from './observe';
import { checkTtl, resolveOptions, type IdpOptions } from './options';
import { postedLogout } from './posted-logout';
import { createProvider, registeredClientIds, type RuntimeSettings } from './provider';
import { MemoryStore } from './store';

/** A running local OpenID Provider. */
export interface RunningIdp {
  /** Base URL of the server; equal to {@link RunningIdp.issuer}. */
  url: string;
  issuer: string;
  /** Closes the server and every open connection. Safe to call twice, and while paused. */
  stop(): Promise<void>;
  /**
   * Stops listening and closes every open connection, as if the IdP were down: connections to its
   * port are refused until {@link RunningIdp.resume}. Sessions, grants, tokens and keys stay in memory.
   * Safe to call twice.
   */
  pause(): Promise<void>;
  /**
   * Listens again on the same port with the same provider and store, so sessions and refresh tokens
   * issued before the pause work again. Rejects `listen_failed` if the port was taken meanwhile.
   */
  resume(): Promise<void>;
  /**
   * Publishes a new signing key and signs with it from now on; the previous keys stay in the JWKS so
   * tokens signed before still verify. Sessions, grants and tokens are kept.
   */
  rotateKeys(): Promise<{ newKid: string }>;
  /**
   * Revokes every grant of a user: refresh tokens, opaque access tokens and codes stop working, and the
   * remembered consent is forgotten. JWT access tokens stay valid until they expire (they are self-contained).
   */
  revokeUserTokens(sub: string): Promise<void>;
  /**
   * Ends the user's IdP sessions: the next authorization needs a password again (`prompt=none` gets
   * `login_required`), and refresh tokens, which are bound to the session, stop working. Clients
   * with a back-channel logout URI (the BFF) get a logout token for each session; resolves once
   * they have answered.
   */
  endUserSessions(sub: string): Promise<void>;
  /** A snapshot of the request counters. */
  counters(): IdpCounters;
  resetCounters(): void;
  /** Access tokens issued from now on live this many seconds. */
  setAccessTokenTtl(seconds: number): void;
  /** Every line the logger received, in order. */
  readonly logs: readonly string[];
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (cause: Error) =>
      reject(
        new IdpError('listen_failed', `Could not listen on 127.0.0.1:${port}: ${cause.message}`, {
          cause,
        }),
      );
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts the local OpenID Provider on 127.0.0.1.
 *
 * @example
 * const idp = await start({ port: 0, accessTokenTtl: 5 });
 * // ... idp.issuer is the issuer to configure clients with
 * await idp.stop();
 */
export async function start(options: IdpOptions = {}): Promise<RunningIdp> {
  const resolved = resolveOptions(options);
  const store = new MemoryStore();
  const consents = new ConsentMemory();
  const settings: RuntimeSettings = { accessTokenTtl: resolved.accessTokenTtl };
  const counters = emptyCounters();
  const logs: string[] = [];
  const log = (line: string): void => {
    logs.push(line);
    resolved.logger?.(line);
  };
  const cookieKeys = [randomBytes(32).toString('base64url')];
  const dpopNonceSecret = resolved.dpopNonce ? randomBytes(32) : undefined;
  let keys: SigningKey[] = [await generateSigningKey(resolved.signingAlg)];

  // Requests go to whichever provider is current; key rotation swaps it under the same server.
  let handler: RequestListener | undefined;
  let current: Provider | undefined;
  const server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.statusCode = 503;
    res.end();
  });
  // Longer than any client's idle-socket reuse window: with Node's 5 s default, a keep-alive
  // socket could close just as a busy client reused it (ECONNRESET on a healthy server).
  server.keepAliveTimeout = 30_000;
  const port = await listen(server, resolved.port);
  const issuer = resolved.issuer ?? `http://127.0.0.1:${port}`;

  const operations: AdminOperations = {
    counters: () => copyCounters(counters),
    resetCounters: () => Object.assign(counters, emptyCounters()),
    async rotateKeys() {
      const next = await generateSigningKey(resolved.signingAlg);
      keys = rotate(keys, next);
      install(build());
      return { newKid: next.kid };
    },
    setAccessTokenTtl(seconds) {
      settings.accessTokenTtl = checkTtl('accessTokenTtl', seconds, settings.accessTokenTtl);
    },
    async revokeUserTokens(sub) {
      for (const grantId of store.findIds('Grant', (grant) => grant.accountId === sub)) {
        store.deleteGrantMembers(grantId);
        store.delete('Grant', grantId);
      }
      consents.forget(sub);
    },
    async endUserSessions(sub) {
      const ended = [];
      for (const id of store.findIds('Session', (session) => session.accountId === sub)) {
        const session = store.get('Session', id);
        store.delete('Session', id);
        if (session && current) ended.push(sendBackchannelLogouts(current, session, log));
      }
      await Promise.all(ended);
    },
  };

  function build(): Provider {
    const provider = createProvider({
      issuer,
      options: resolved,
      settings,
      keys,
      cookieKeys,
      dpopNonceSecret,
      store,
    });
    provider.use(observe({ log, counters }));
    // Inside observe: the log line shows a posted logout as the POST it was.
    provider.use(postedLogout('/session/end')); // oidc-provider's default end_session route
    if (resolved.admin) provider.use(adminRoutes(operations));
    provider.use(interactionRoutes({ provider, consents }));
    // Error messages only: oidc-provider's never carry token values, and nothing else is logged.
    provider.on('server_error', (_ctx: unknown, error: Error) =>
      log(`server_error ${error.name}: ${error.message}`),
    );
    // Logout tokens sent from the end-session confirmation: the outcome per client, never the token.
    provider.on('backchannel.success', (_ctx: unknown, client: { clientId: string }) =>
      log(backchannelLine(client.clientId)),
    );
    provider.on('backchannel.error', (_ctx: unknown, error: Error, client: { clientId: string }) =>
      log(backchannelLine(client.clientId, error)),
    );
    // Koa's own 'error' event (a throw outside oidc-provider's handlers), which the typings leave out.
    (provider as unknown as NodeJS.EventEmitter).on('error', (error: Error) =>
      log(`error ${error.name}: ${error.message}`),
    );
    return provider;
  }

  function install(provider: Provider): void {
    current = provider;
    handler = provider.callback();
  }

  try {
    const provider = build();
    // oidc-provider checks static client metadata lazily, on first use; check it now, at start.
    await Promise.all(
      registeredClientIds(resolved).map((clientId) => provider.Client.find(clientId)),
    );
    install(provider);
  } catch (cause) {
    server.close();
    // oidc-provider's metadata errors say what is wrong in error_description.
    const detail = (cause as { error_description?: unknown }).error_description;
    const reason = typeof detail === 'string' ? detail : String(cause);
    throw new IdpError('invalid_options', `The provider could not be configured: ${reason}`, {
      cause,
    });
  }

  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  let stopped: Promise<void> | undefined;
  // Set while paused: the server is closed (or closing) and listens again on resume().
  let paused: Promise<void> | undefined;
  return {
    url: issuer,
    issuer,
    logs,
    ...operations,
    stop() {
      stopped ??= paused ?? close();
      return stopped;
    },
    pause() {
      if (stopped) return stopped;
      paused ??= close();
      return paused;
    },
    async resume() {
      if (stopped) throw new IdpError('listen_failed', 'The IdP was stopped; it cannot resume.');
      const closing = paused;
      if (!closing) return;
      paused = undefined;
      await closing;
      await listen(server, port);
    },
  };
}
