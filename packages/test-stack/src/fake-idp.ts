// A small OpenID provider for unit tests: discovery, token (code + rotating refresh), revocation, userinfo.
// It lets a test corrupt one thing at a time (ID-token claims, discovery issuer, outages), which the
// real IdP (apps/idp) is rightly unable to do. Integration tests use the real one.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  constants,
  createHmac,
  generateKeyPairSync,
  randomUUID,
  sign,
  type KeyObject,
} from 'node:crypto';

export interface FakeIdpOptions {
  accessTokenTtl?: number;
  /**
   * The OAuth error answered for an unknown or revoked refresh token. Default `invalid_grant` (RFC
   * 6749); some providers answer `invalid_request` or another code instead.
   */
  deadRefreshTokenError?: string;
  /** Changes the ID token's header and claims before it is encoded (hostile cases). */
  mutateIdToken?: (header: Record<string, unknown>, claims: Record<string, unknown>) => void;
  /** Issuer announced by discovery; default the real one. */
  discoveryIssuer?: (issuer: string) => string;
  /** Answer `unsupported_token_type` when asked to revoke an access token (like servers with JWT access tokens). */
  accessTokensNotRevocable?: boolean;
  /** Leave `revocation_endpoint` / `end_session_endpoint` out of discovery. */
  withoutRevocation?: boolean;
  /** The IdP's clock runs this many seconds ahead of the test's (negative: behind). */
  clockOffsetSeconds?: number;
  /** Issue JWT access tokens (with `iat`/`exp` in the IdP's clock) instead of opaque ones. */
  jwtAccessTokens?: boolean;
  /** Leave `expires_in` out of token responses (it is only RECOMMENDED by RFC 6749). */
  omitExpiresIn?: boolean;
  /** Send Keycloak's `refresh_expires_in` with this many seconds. */
  refreshExpiresIn?: number;
  /** How ID tokens are signed (with the key its `kid` names in the JWKS). Default RS256. */
  idTokenAlg?: FakeSigningAlg;
  /** Discovery's `id_token_signing_alg_values_supported`; `null` leaves it out. Default all of {@link FakeSigningAlg}. */
  idTokenAlgsSupported?: string[] | null;
  /** Changes the signed ID token (a tampered payload, a stripped signature). */
  tamperSignedIdToken?: (token: string) => string;
  /** The token response's `token_type`. Default `Bearer`. */
  tokenType?: string;
  /** Discovery's `revocation_endpoint_auth_methods_supported` (left out by default). */
  revocationAuthMethods?: string[];
  /** Answer every revocation 401 `invalid_client`, like a provider that wants client authentication. */
  revocationNeedsClientAuth?: boolean;
  /**
   * Keep the profile and email claims (`name`, `email`) out of the ID token and serve them from
   * userinfo only, as OpenID Connect Core does unless they are requested in the ID token.
   */
  profileClaimsInUserInfoOnly?: boolean;
  /** Userinfo answers with this `sub` instead of the token's (a mismatch the client must refuse). */
  userInfoSub?: string;
  /** Userinfo answers with a signed JWT (`application/jwt`) instead of JSON. */
  userInfoAsJwt?: boolean;
  /** Userinfo drops the connection (a network failure) while the rest of the IdP serves. */
  userInfoDown?: boolean;
}

/** The asymmetric algorithms the fake IdP signs with, each with its own key in the JWKS. */
export type FakeSigningAlg = 'RS256' | 'PS256' | 'ES256' | 'EdDSA';
const FAKE_SIGNING_ALGS: FakeSigningAlg[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

interface Grant {
  sub: string;
  scope: string;
  nonce?: string | undefined;
  clientId: string;
  revoked: boolean;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned-looking JWT (a dummy signature) for tests that only decode it. */
export function jwt(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  return `${b64(header)}.${b64(claims)}.${Buffer.from('not-verified').toString('base64url')}`;
}

// Real keys, so the engine's signature check passes for the IdP's tokens and fails for forgeries.
// One set per test file: RSA key generation takes a moment.
type KeyPair = { privateKey: KeyObject; publicKey: KeyObject };
let signingKeys: Record<'rsa' | 'ec' | 'ed', KeyPair> | undefined;
const keysFor = () =>
  (signingKeys ??= {
    rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }),
    ec: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    ed: generateKeyPairSync('ed25519'),
  });
const KID: Record<FakeSigningAlg, 'rsa' | 'ec' | 'ed'> = {
  RS256: 'rsa',
  PS256: 'rsa',
  ES256: 'ec',
  EdDSA: 'ed',
};

/** The IdP's public keys as published at `jwks_uri` (no `alg`: the RSA key signs RS256 and PS256). */
export const fakeJwks = () => ({
  keys: Object.entries(keysFor()).map(([kid, pair]) => ({
    ...pair.publicKey.export({ format: 'jwk' }),
    kid,
    use: 'sig',
  })),
});

/**
 * A JWT signed as its header says: RS256/PS256/ES256/EdDSA with the fake IdP's key of that type (any
 * `kid`), HS256 keyed with `hmacKey` (the forgery a public client cannot tell apart without a JWKS
 * check), `none` with an empty signature.
 */
export function signedJwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  hmacKey = '',
): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const data = Buffer.from(input);
  const { rsa, ec, ed } = keysFor();
  const signature =
    header.alg === 'RS256'
      ? sign('sha256', data, rsa.privateKey)
      : header.alg === 'PS256'
        ? sign('sha256', data, {
            key: rsa.privateKey,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: 32,
          })
        : header.alg === 'ES256'
          ? sign('sha256', data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' })
          : header.alg === 'EdDSA'
            ? sign(null, data, ed.privateKey)
            : header.alg === 'HS256'
              ? createHmac('sha256', hmacKey).update(input).digest()
              : Buffer.alloc(0);
  return `${input}.${signature.toString('base64url')}`;
}

/** A DPoP proof's claims, unverified (undefined when it is not a JWT). */
function proofClaims(header: string | string[] | undefined) {
  try {
    return JSON.parse(Buffer.from(String(header).split('.')[1]!, 'base64url').toString('utf8')) as {
      htm?: string;
      htu?: string;
    };
  } catch {
    return undefined;
  }
}

export async function startFakeIdp(options: FakeIdpOptions = {}) {
  const codes = new Map<string, { grant: Grant; redirectUri: string }>();
  const refreshTokens = new Map<string, { grant: Grant; used: boolean }>();
  const counters = {
    authorization_code: 0,
    refresh_token: 0,
    revocations: 0,
    invalid_grant: 0,
    jwks: 0,
    userinfo: 0,
  };
  // Which grant each access token was issued for (userinfo answers for it).
  const accessTokens = new Map<string, Grant>();
  const idTokenAlg = options.idTokenAlg ?? 'RS256';
  const idpNow = () => Math.floor(Date.now() / 1000) + (options.clockOffsetSeconds ?? 0);
  /** 'up' serves; '500' answers every token request with a 500; 'down' drops the connection. */
  let mode: 'up' | '500' | 'down' = 'up';
  let ttl = options.accessTokenTtl ?? 300;
  let issuer = '';

  // What the IdP knows about a user beyond `sub`: in the ID token, or from userinfo only.
  const profileClaims = (grant: Grant) =>
    grant.sub === 'usr_jane_doe'
      ? { name: 'Jane Doe', email: 'jane.doe@example.com' }
      : { name: 'Someone', email: 'someone@example.com' };

  function idToken(grant: Grant, withNonce: boolean) {
    const now = idpNow();
    const header: Record<string, unknown> = { alg: idTokenAlg, typ: 'JWT', kid: KID[idTokenAlg] };
    const claims: Record<string, unknown> = {
      iss: issuer,
      sub: grant.sub,
      aud: grant.clientId,
      exp: now + 600,
      iat: now,
      ...(!options.profileClaimsInUserInfoOnly && profileClaims(grant)),
      ...(withNonce && grant.nonce && { nonce: grant.nonce }),
    };
    options.mutateIdToken?.(header, claims);
    const signed = signedJwt(header, claims, grant.clientId);
    return options.tamperSignedIdToken ? options.tamperSignedIdToken(signed) : signed;
  }

  function tokens(grant: Grant, withNonce: boolean) {
    const refresh = randomUUID();
    refreshTokens.set(refresh, { grant, used: false });
    const now = idpNow();
    const accessToken = options.jwtAccessTokens
      ? jwt(
          { alg: 'RS256', typ: 'at+jwt', kid: 'k1' },
          { iss: issuer, sub: grant.sub, iat: now, exp: now + ttl, jti: randomUUID() },
        )
      : `at-${randomUUID()}`;
    accessTokens.set(accessToken, grant);
    return {
      access_token: accessToken,
      token_type: options.tokenType ?? 'Bearer',
      ...(!options.omitExpiresIn && { expires_in: ttl }),
      ...(options.refreshExpiresIn && { refresh_expires_in: options.refreshExpiresIn }),
      refresh_token: refresh,
      id_token: idToken(grant, withNonce),
      scope: grant.scope,
    };
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    let body = '';
    for await (const chunk of req) body += chunk;
    const form = new URLSearchParams(body);
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      counters.authorization_code++;
      const entry = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!entry || !form.get('code_verifier')) {
        counters.invalid_grant++;
        return send(400, { error: 'invalid_grant' });
      }
      return send(200, tokens(entry.grant, true));
    }
    if (grantType === 'refresh_token') {
      counters.refresh_token++;
      const entry = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!entry || entry.grant.revoked) {
        counters.invalid_grant++;
        return send(400, { error: options.deadRefreshTokenError ?? 'invalid_grant' });
      }
      if (entry.used) {
        entry.grant.revoked = true; // reuse of a rotated token ends the grant, like oidc-provider
        counters.invalid_grant++;
        return send(400, { error: 'invalid_grant' });
      }
      entry.used = true;
      return send(200, tokens(entry.grant, false));
    }
    if (req.url === '/revoke') {
      counters.revocations++;
      if (options.revocationNeedsClientAuth) return send(401, { error: 'invalid_client' });
      if (options.accessTokensNotRevocable && form.get('token_type_hint') === 'access_token') {
        return send(400, { error: 'unsupported_token_type' });
      }
      const entry = refreshTokens.get(form.get('token') ?? '');
      if (entry) entry.grant.revoked = true;
      res.writeHead(200).end();
      return;
    }
    send(400, { error: 'unsupported_grant_type' });
  }

  function userinfo(req: IncomingMessage, res: ServerResponse) {
    counters.userinfo++;
    if (options.userInfoDown) {
      req.socket.destroy();
      return;
    }
    // The scheme follows the token type; a DPoP token also needs a proof for this request (its
    // claims are checked here, its signature is the bank API's and oidc-provider's job in the real tests).
    const dpop = /^dpop$/i.test(options.tokenType ?? '');
    const [, scheme, presented] = /^(\w+) (.+)$/.exec(req.headers.authorization ?? '') ?? [];
    const proof = dpop ? proofClaims(req.headers.dpop) : undefined;
    const grant =
      scheme === (dpop ? 'DPoP' : 'Bearer') &&
      (!dpop || (proof?.htm === 'GET' && proof.htu === `${issuer}/userinfo`))
        ? accessTokens.get(presented ?? '')
        : undefined;
    if (!grant || grant.revoked) {
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
      return;
    }
    const claims = { sub: options.userInfoSub ?? grant.sub, ...profileClaims(grant) };
    if (options.userInfoAsJwt) {
      const token = signedJwt({ alg: idTokenAlg, kid: KID[idTokenAlg] }, claims);
      res.writeHead(200, { 'content-type': 'application/jwt' }).end(token);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(claims));
  }

  const server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      const doc: Record<string, unknown> = {
        issuer: options.discoveryIssuer ? options.discoveryIssuer(issuer) : issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        userinfo_endpoint: `${issuer}/userinfo`,
        ...(options.idTokenAlgsSupported !== null && {
          id_token_signing_alg_values_supported: options.idTokenAlgsSupported ?? FAKE_SIGNING_ALGS,
        }),
        authorization_response_iss_parameter_supported: true,
        ...(!options.withoutRevocation && {
          revocation_endpoint: `${issuer}/revoke`,
          ...(options.revocationAuthMethods && {
            revocation_endpoint_auth_methods_supported: options.revocationAuthMethods,
          }),
          end_session_endpoint: `${issuer}/logout`,
        }),
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
      return;
    }
    if (req.url === '/jwks') {
      counters.jwks++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fakeJwks()));
      return;
    }
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    if (mode === '500') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('oops');
      return;
    }
    if (req.url === '/userinfo') {
      userinfo(req, res);
      return;
    }
    token(req, res).catch(() => res.writeHead(500).end());
  });
  // Idle sockets outlive the client's reuse window (Node's 5 s default raced it under load).
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    counters,
    setMode(next: typeof mode) {
      mode = next;
    },
    setAccessTokenTtl(seconds: number) {
      ttl = seconds;
    },
    /** Plays the user at the IdP: returns the redirect back to the app for an authorize URL. */
    authorize(authorizeUrl: string, sub = 'usr_jane_doe', { error = '' } = {}) {
      const params = new URL(authorizeUrl).searchParams;
      const back = new URL(params.get('redirect_uri')!);
      back.searchParams.set('state', params.get('state')!);
      back.searchParams.set('iss', issuer);
      if (error) {
        back.searchParams.set('error', error);
        back.searchParams.set('error_description', 'The user said no');
      } else {
        const code = randomUUID();
        codes.set(code, {
          grant: {
            sub,
            scope: params.get('scope')!,
            nonce: params.get('nonce') ?? undefined,
            clientId: params.get('client_id')!,
            revoked: false,
          },
          redirectUri: back.href,
        });
        back.searchParams.set('code', code);
      }
      return back.href;
    },
    /** Ends every grant of a user (an admin revoking the session). */
    revokeAll() {
      for (const { grant } of refreshTokens.values()) grant.revoked = true;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive sockets (parallel revocations) would hold close() open
      }),
  };
}

export type FakeIdp = Awaited<ReturnType<typeof startFakeIdp>>;
