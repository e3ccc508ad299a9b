// Shared by this package's tests only (not part of any entry point).
import { randomUUID } from 'node:crypto';
import {
  calculateJwkThumbprint,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyResult,
} from 'jose';
import { afterAll } from 'vitest';
import { BANK_API_AUDIENCE, DASHBOARD_CLIENT_ID } from './constants';
import type { IdpOptions } from './options';
import { start, type RunningIdp } from './start';
import { CookieJar } from './testing/cookie-jar';
import { discover, type ProviderMetadata, type TokenRequestDpop } from './testing/flows';
import { DEMO_USERS, type DemoUser } from './users';

export const jane = credentials('jane.doe');
export const john = credentials('john.smith');
export const ann = credentials('ann.viewer');

export function demoUser(login: string): DemoUser {
  const user = DEMO_USERS.find((candidate) => candidate.login === login);
  if (!user) throw new Error(`no demo user ${login}`);
  return user;
}

function credentials(login: string): { login: string; password: string } {
  return { login, password: demoUser(login).password };
}

export interface TestIdp {
  idp: RunningIdp;
  metadata: ProviderMetadata;
}

/** Starts an IdP on port 0 for one test file and stops it after the file's tests. */
export async function startTestIdp(options: IdpOptions = {}): Promise<TestIdp> {
  const idp = await start({ port: 0, ...options });
  afterAll(() => idp.stop());
  return { idp, metadata: await discover(idp.issuer) };
}

// What a browser sends on navigation: oidc-provider answers errors with HTML pages only to such requests.
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

/** One HTTP request like a browser would make it, without following redirects. */
export async function browse(
  url: string,
  init: {
    method?: string;
    form?: Record<string, string>;
    jar?: CookieJar;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const headers = new Headers({ accept: BROWSER_ACCEPT, ...init.headers });
  const cookie = init.jar?.header(url);
  if (cookie) headers.set('cookie', cookie);
  const request: RequestInit = {
    method: init.method ?? (init.form ? 'POST' : 'GET'),
    headers,
    redirect: 'manual',
  };
  if (init.form) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    request.body = new URLSearchParams(init.form).toString();
  }
  const response = await fetch(url, request);
  init.jar?.store(url, response.headers.getSetCookie());
  return response;
}

/** The query parameters of a redirect's Location. */
export function redirectParams(response: Response): URLSearchParams {
  const location = response.headers.get('location');
  if (!location) throw new Error(`expected a redirect, got HTTP ${response.status}`);
  return new URL(location).searchParams;
}

/** Verifies a JWT access token the way the bank API must (RFC 9068 + RFC 8725). */
export async function verifyAccessToken(
  token: string,
  metadata: ProviderMetadata,
  options: { algorithms?: string[]; audience?: string } = {},
): Promise<
  JWTVerifyResult<JWTPayload & { scope?: string; client_id?: string; cnf?: { jkt?: string } }>
> {
  const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
  return jwtVerify(token, jwks, {
    issuer: metadata.issuer,
    audience: options.audience ?? BANK_API_AUDIENCE,
    typ: 'at+jwt',
    algorithms: options.algorithms ?? ['RS256'],
    requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
  });
}

/** A client's DPoP key (ES256), signing token-endpoint proofs; `jkt` is its RFC 7638 thumbprint. */
export interface DpopKey extends TokenRequestDpop {
  jkt: string;
}

/**
 * A new DPoP key. (The bank API's tests use `@sesame/test-stack/dpop-client`, which this package
 * cannot import: the test stack depends on the IdP.)
 */
export async function newDpopKey(): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  return {
    jkt: await calculateJwkThumbprint(jwk),
    sign: (htu, nonce) =>
      new SignJWT({
        htm: 'POST',
        htu,
        jti: randomUUID(),
        ...(nonce === undefined ? {} : { nonce }),
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
        .setIssuedAt()
        .sign(privateKey),
  };
}

/** Verifies an ID token for the dashboard client. */
export async function verifyIdToken(
  token: string,
  metadata: ProviderMetadata,
  algorithms: string[] = ['RS256'],
): Promise<JWTVerifyResult> {
  const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
  return jwtVerify(token, jwks, {
    issuer: metadata.issuer,
    audience: DASHBOARD_CLIENT_ID,
    algorithms,
    requiredClaims: ['exp', 'iat', 'sub'],
  });
}

export { CookieJar };
