import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { DEFAULT_AUDIENCE } from '../options.js';

/**
 * A tiny hostile-capable OpenID Provider for tests: discovery, JWKS and introspection on
 * 127.0.0.1, and a `mint()` that forges access tokens good or bad on purpose. Used where a test
 * must hand-sign a token; happy paths also run against the real IdP.
 */
export interface FakeIssuer {
  readonly issuer: string;
  /** Signs a token with the current key (or the key named in `options.key`). */
  mint(options?: MintOptions): Promise<string>;
  /** A new signing key; the previous one stays published (as IdPs do during rotation). */
  rotateKeys(): Promise<void>;
  /** Stops publishing every RS256 key but the newest (the end of a rotation). */
  retireOldKeys(): void;
  /** Registers an opaque token and what introspection should answer for it. */
  registerOpaque(token: string, answer: Record<string, unknown>): void;
  /** Makes introspection answer `{ active: false }` for a registered token. */
  revoke(token: string): void;
  /** Overrides fields of the discovery document (e.g. a wrong `issuer`). */
  patchDiscovery(patch: Record<string, unknown>): void;
  /** Answers every request with this status (IdP outage); `undefined` to heal. */
  failWith(status: number | undefined): void;
  readonly counters: { discovery: number; jwks: number; introspection: number };
  /** The Authorization headers introspection calls arrived with. */
  readonly introspectionAuth: string[];
  /** Every form body introspection received (tests check the API sent what RFC 7662 says). */
  readonly introspectionBodies: URLSearchParams[];
  stop(): Promise<void>;
}

export interface MintOptions {
  /** Claims to add or override; a value of `undefined` removes the claim. */
  claims?: Record<string, unknown>;
  /** Header parameters to add or override; `undefined` removes one. */
  header?: Record<string, unknown>;
  /** Which key signs: the current one, an unpublished one, HS256 keyed with the public key, or none. */
  signer?: 'current' | 'unpublished' | 'hs256-with-public-key' | 'none' | 'es256' | 'ps256';
}

export const INTROSPECTION_CLIENT = { clientId: 'bank-api', clientSecret: 'bank-api-secret' };
export const ALL_SCOPES = 'openid profile email accounts:read transfers:write cards:write';

interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  publicPem: string;
}

async function newKey(alg: 'RS256' | 'ES256' | 'PS256', kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

function withOverrides(base: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete result[key];
    else result[key] = value;
  }
  return result;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function startFakeIssuer(): Promise<FakeIssuer> {
  let keys: SigningKey[] = [await newKey('RS256', 'key-1')];
  let keyCount = 1; // kids stay unique after old keys are retired
  const es256 = await newKey('ES256', 'key-es');
  const ps256 = await newKey('PS256', 'key-ps');
  const unpublished = await newKey('RS256', 'key-1');
  const opaque = new Map<string, Record<string, unknown>>();
  const counters = { discovery: 0, jwks: 0, introspection: 0 };
  const introspectionAuth: string[] = [];
  const introspectionBodies: URLSearchParams[] = [];
  let discoveryPatch: Record<string, unknown> = {};
  let outage: number | undefined;
  let issuer = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (outage !== undefined) return json(res, outage, { error: 'server_error' });
      if (req.url === '/.well-known/openid-configuration') {
        counters.discovery += 1;
        return json(res, 200, {
          issuer,
          jwks_uri: `${issuer}/jwks`,
          introspection_endpoint: `${issuer}/token/introspection`,
          ...discoveryPatch,
        });
      }
      if (req.url === '/jwks') {
        counters.jwks += 1;
        return json(res, 200, {
          keys: [...keys, es256, ps256].map((key) => key.publicJwk),
        });
      }
      if (req.url === '/token/introspection' && req.method === 'POST') {
        counters.introspection += 1;
        introspectionAuth.push(req.headers.authorization ?? '');
        const expected = `Basic ${Buffer.from(`${INTROSPECTION_CLIENT.clientId}:${INTROSPECTION_CLIENT.clientSecret}`).toString('base64')}`;
        if (req.headers.authorization !== expected)
          return json(res, 401, { error: 'invalid_client' });
        const params = new URLSearchParams(await readBody(req));
        introspectionBodies.push(params);
        return json(res, 200, opaque.get(params.get('token') ?? '') ?? { active: false });
      }
      return json(res, 404, { error: 'not_found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    counters,
    introspectionAuth,
    introspectionBodies,
    async mint(options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const claims = withOverrides(
        {
          iss: issuer,
          aud: DEFAULT_AUDIENCE,
          sub: 'usr_jane_doe',
          client_id: 'sesame-dashboard',
          scope: ALL_SCOPES,
          iat: now,
          exp: now + 300,
          jti: randomUUID(),
        },
        options.claims,
      );
      const signer = options.signer ?? 'current';
      const current = keys[keys.length - 1] as SigningKey;
      const key =
        signer === 'es256'
          ? es256
          : signer === 'ps256'
            ? ps256
            : signer === 'unpublished'
              ? unpublished
              : current;
      const header = withOverrides({ alg: key.alg, typ: 'at+jwt', kid: key.kid }, options.header);
      if (signer === 'none') {
        return `${b64(withOverrides(header, { alg: 'none', kid: undefined }))}.${b64(claims)}.`;
      }
      if (signer === 'hs256-with-public-key') {
        // The classic algorithm-confusion forgery: HMAC keyed with the (public) verification key.
        const signingInput = `${b64({ ...header, alg: 'HS256' })}.${b64(claims)}`;
        const mac = createHmac('sha256', current.publicPem)
          .update(signingInput)
          .digest('base64url');
        return `${signingInput}.${mac}`;
      }
      return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key.privateKey);
    },
    async rotateKeys() {
      keyCount += 1;
      keys = [...keys, await newKey('RS256', `key-${keyCount}`)];
    },
    retireOldKeys() {
      keys = keys.slice(-1);
    },
    registerOpaque(token, answer) {
      opaque.set(token, answer);
    },
    revoke(token) {
      opaque.set(token, { active: false });
    },
    patchDiscovery(patch) {
      discoveryPatch = patch;
    },
    failWith(status) {
      outage = status;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
