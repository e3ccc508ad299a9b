// Forged tokens, for the cases that are about a forged token and nothing else.
import { createHmac } from 'node:crypto';
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { IdpProxy } from './idp-proxy';

export type Claims = Record<string, unknown>;
export type Header = Record<string, unknown>;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token's header and claims, to copy into a forgery. */
export const partsOf = (token: string) => ({
  header: decodeProtectedHeader(token) as Header,
  claims: decodeJwt(token) as Claims,
});

/** Applies overrides; `undefined` deletes a member. */
export function patch(base: Claims, overrides: Claims = {}): Claims {
  const result = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete result[key];
    else result[key] = value;
  }
  return result;
}

export interface Signer {
  readonly kid: string;
  readonly publicJwk: JWK;
  sign(header: Header, claims: Claims): Promise<string>;
}

/** A fresh RS256 key of our own. Nobody trusts it until {@link plantKey} publishes it. */
export async function newSigner(kid: string): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return {
    kid,
    publicJwk,
    sign: (header, claims) =>
      new SignJWT(claims as JWTPayload)
        .setProtectedHeader({ alg: 'RS256', ...header } as { alg: string })
        .sign(privateKey),
  };
}

/**
 * A key published in the IdP's JWKS (through the proxy): what it signs, the API trusts by signature,
 * so a case can change exactly one claim of a real token and see that claim's check refuse it.
 */
export async function plantKey(proxy: IdpProxy, kid = 'battery-planted'): Promise<Signer> {
  const signer = await newSigner(kid);
  proxy.plantedKeys.push(signer.publicJwk);
  return signer;
}

/** An unsigned JWT (`alg: none`, empty signature). */
export const unsigned = (header: Header, claims: Claims) =>
  `${b64({ ...header, alg: 'none' })}.${b64(claims)}.`;

/**
 * The public-client forgery: HS256 keyed with the client_id, which is no secret (it is in every
 * authorization URL), so anyone can make this "signature".
 */
export const hs256WithClientId = (clientId: string, header: Header, claims: Claims) => {
  const input = `${b64({ ...header, alg: 'HS256' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', clientId).update(input).digest('base64url')}`;
};

/** The algorithm-confusion forgery: HS256 keyed with the IdP's published RSA public key (PEM). */
export async function hs256WithIdpPublicKey(issuer: string, header: Header, claims: Claims) {
  const { keys } = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: JWK[] };
  const idpKey = keys.find((key) => key.kid === header.kid) ?? keys[0]!;
  const pem = await exportSPKI(
    (await importJWK({ ...idpKey, ext: true }, 'RS256', { extractable: true })) as CryptoKey,
  );
  const input = `${b64({ ...header, alg: 'HS256' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
}
