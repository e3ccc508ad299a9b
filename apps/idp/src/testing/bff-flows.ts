import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { BFF_CLIENT_ID, DEFAULT_BFF_REDIRECT_URIS } from '../constants';
import { completeLogin, type CompleteLoginOptions, type LoginCredentials } from './complete-login';
import {
  authorizationRequest,
  discover,
  exchangeCode,
  postForm,
  readAuthorizationResponse,
  type AuthorizationRequest,
  type AuthorizationRequestOptions,
  type ClientCredentials,
  type ProviderMetadata,
  type TokenRequestDpop,
  type TokenSet,
} from './flows';

// The BFF itself uses openid-client (PAR, private_key_jwt, DPoP). These helpers do the same protocol
// steps by hand, so the IdP's tests can bend one thing at a time (another key, another audience...).

export interface PrivateKeyJwtOptions {
  /** Default `bank-bff`. */
  clientId?: string;
  /** The assertion's `aud`. Default: the issuer, which FAPI 2.0 requires (and openid-client sends). */
  audience?: string;
  /** Changes the claims or the protected header before signing, for tests of what the IdP refuses. */
  bend?: (claims: JWTPayload, header: JWTHeaderParameters) => void;
}

/**
 * A `private_key_jwt` client authentication (RFC 7523): each call signs a fresh assertion (`iss` = `sub`
 * = the client id, `aud` = the issuer, a new `jti`, 60 s of life) with the BFF's private key. Pass it as
 * `clientAssertion` to `exchangeCode`, `refreshTokens`, `postForm` or {@link pushAuthorizationRequest}.
 */
export function privateKeyJwt(
  issuer: string,
  privateJwk: JWK,
  options: PrivateKeyJwtOptions = {},
): () => Promise<string> {
  const { alg } = privateJwk;
  if (alg === undefined) throw new TypeError('privateKeyJwt needs a JWK with its "alg".');
  const clientId = options.clientId ?? BFF_CLIENT_ID;
  const key = importJWK(privateJwk, alg);
  return async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = {
      iss: clientId,
      sub: clientId,
      aud: options.audience ?? issuer,
      jti: randomUUID(),
      iat: now,
      nbf: now,
      exp: now + 60,
    };
    const header: JWTHeaderParameters = { alg, ...(privateJwk.kid ? { kid: privateJwk.kid } : {}) };
    options.bend?.(claims, header);
    return new SignJWT(claims).setProtectedHeader(header).sign(await key);
  };
}

/** The pushed authorization request endpoint's answer (RFC 9126 §2.2). */
export interface PushedAuthorizationResponse {
  request_uri: string;
  expires_in: number;
}

/**
 * POSTs authorization request parameters to the PAR endpoint (RFC 9126), authenticated as `client`, with
 * a DPoP proof when `dpop` is given (the IdP then binds the code to that key). Throws `TokenRequestError`.
 */
export function pushAuthorizationRequest(
  metadata: ProviderMetadata,
  params: Record<string, string>,
  client: ClientCredentials,
  dpop?: TokenRequestDpop,
): Promise<PushedAuthorizationResponse> {
  const endpoint = metadata.pushed_authorization_request_endpoint;
  if (typeof endpoint !== 'string') throw new Error('The IdP advertises no PAR endpoint.');
  return postForm<PushedAuthorizationResponse>(endpoint, params, client, dpop);
}

export interface PushedAuthorization extends AuthorizationRequest {
  /** Where to send the browser: the authorization endpoint with only `client_id` and `request_uri`. */
  url: string;
  requestUri: string;
  expiresIn: number;
}

export interface PushedAuthorizationOptions extends AuthorizationRequestOptions {
  clientAssertion: () => Promise<string>;
  /** Default the first of the IdP's default BFF redirect URIs. */
  redirectUri?: string;
  /** A proof at the PAR endpoint binds the code to its key (`dpop_jkt`). */
  dpop?: TokenRequestDpop;
}

/** A code + PKCE S256 request of the BFF client (by default), pushed; the browser gets only a `request_uri`. */
export async function pushedAuthorization(
  metadata: ProviderMetadata,
  options: PushedAuthorizationOptions,
): Promise<PushedAuthorization> {
  const { clientAssertion, dpop, ...rest } = options;
  const request = authorizationRequest(metadata, {
    clientId: BFF_CLIENT_ID,
    redirectUri: DEFAULT_BFF_REDIRECT_URIS[0] ?? '',
    ...rest,
  });
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const pushed = await pushAuthorizationRequest(
    metadata,
    params,
    { clientId: request.clientId, clientAssertion },
    dpop,
  );
  const url = new URL(metadata.authorization_endpoint);
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('request_uri', pushed.request_uri);
  return {
    ...request,
    url: url.href,
    requestUri: pushed.request_uri,
    expiresIn: pushed.expires_in,
  };
}

export interface ObtainBffTokensOptions extends Omit<AuthorizationRequestOptions, 'clientId'> {
  issuer: string;
  user: LoginCredentials;
  /** The BFF's private key (`generateBffClientKeys().privateJwk`). */
  privateJwk: JWK;
  /** Proofs for PAR and the code exchange: the code and the tokens are bound to this key. */
  dpop: TokenRequestDpop;
  cookieJar?: CompleteLoginOptions['cookieJar'];
}

/**
 * A whole BFF sign-in: PAR with `private_key_jwt` and a DPoP proof, the IdP's pages, the `state`/`iss`
 * checks, and the code exchange with a client assertion and a proof. The tokens come back DPoP-bound.
 */
export async function obtainBffTokens(options: ObtainBffTokensOptions): Promise<TokenSet> {
  const { issuer, user, privateJwk, dpop, cookieJar, ...request } = options;
  const metadata = await discover(issuer);
  const clientAssertion = privateKeyJwt(metadata.issuer, privateJwk);
  const pushed = await pushedAuthorization(metadata, { ...request, clientAssertion, dpop });
  const callback = await completeLogin(pushed.url, user, cookieJar ? { cookieJar } : {});
  const code = readAuthorizationResponse(callback, {
    state: pushed.state,
    issuer: metadata.issuer,
  });
  return exchangeCode(metadata, {
    code,
    redirectUri: pushed.redirectUri,
    codeVerifier: pushed.codeVerifier,
    clientId: pushed.clientId,
    clientAssertion,
    dpop,
  });
}
