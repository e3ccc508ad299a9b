import { createHash, randomBytes } from 'node:crypto';
import {
  DASHBOARD_CLIENT_ID,
  DEFAULT_DASHBOARD_REDIRECT_URIS,
  DEFAULT_DASHBOARD_SCOPE,
} from '../constants';
import { completeLogin, type CompleteLoginOptions, type LoginCredentials } from './complete-login';
import { AuthorizationResponseError, TokenRequestError } from './errors';

/** A token endpoint response. */
export interface TokenSet {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
  refresh_token?: string;
  id_token?: string;
}

/** The discovery fields the helpers use. */
export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  [field: string]: unknown;
}

/** Fetches `/.well-known/openid-configuration` and checks that its `issuer` is the one asked for. */
export async function discover(issuer: string): Promise<ProviderMetadata> {
  const response = await fetch(new URL('/.well-known/openid-configuration', issuer));
  if (!response.ok) throw new Error(`Discovery failed with HTTP ${response.status}.`);
  const metadata = (await response.json()) as ProviderMetadata;
  if (metadata.issuer !== issuer) {
    throw new Error(`Discovery issuer ${metadata.issuer} does not match ${issuer}.`);
  }
  return metadata;
}

const random = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** A PKCE pair (RFC 7636) with the S256 method. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = random(32);
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export interface AuthorizationRequest {
  /** The URL to send the browser to. */
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  clientId: string;
}

export interface AuthorizationRequestOptions {
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  /** One resource indicator, or several (RFC 8707 allows the parameter to repeat). */
  resource?: string | readonly string[];
  nonce?: string;
  prompt?: string;
  /** Any other authorization request parameter; `undefined` removes a default one. */
  extraParams?: Record<string, string | undefined>;
}

/** Builds a code + PKCE S256 authorization request for the dashboard client (by default). */
export function authorizationRequest(
  metadata: ProviderMetadata,
  options: AuthorizationRequestOptions = {},
): AuthorizationRequest {
  const clientId = options.clientId ?? DASHBOARD_CLIENT_ID;
  const redirectUri = options.redirectUri ?? DEFAULT_DASHBOARD_REDIRECT_URIS[0] ?? '';
  const { verifier, challenge } = createPkcePair();
  const state = random(16);
  const nonce = options.nonce ?? random(16);
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: options.scope ?? DEFAULT_DASHBOARD_SCOPE,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    prompt: options.prompt,
    ...options.extraParams,
  };
  const url = new URL(metadata.authorization_endpoint);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  for (const resource of [options.resource ?? []].flat())
    url.searchParams.append('resource', resource);
  return { url: url.href, state, nonce, codeVerifier: verifier, redirectUri, clientId };
}

/**
 * Reads the redirect back to the client: checks `state` and the RFC 9207 `iss`, then returns the code.
 * Throws {@link AuthorizationResponseError} on an `error` or a failed check.
 */
export function readAuthorizationResponse(
  callbackUrl: string,
  expected: { state: string; issuer: string },
): string {
  const params = new URL(callbackUrl).searchParams;
  const error = params.get('error');
  if (error)
    throw new AuthorizationResponseError(error, params.get('error_description') ?? undefined);
  if (params.get('state') !== expected.state)
    throw new AuthorizationResponseError('state_mismatch');
  if (params.get('iss') !== expected.issuer) throw new AuthorizationResponseError('iss_mismatch');
  const code = params.get('code');
  if (!code) throw new AuthorizationResponseError('code_missing');
  return code;
}

export interface ClientCredentials {
  clientId: string;
  /** For confidential clients (client_secret_basic); public clients send only `client_id`. */
  clientSecret?: string | undefined;
  /**
   * For `private_key_jwt` clients (the BFF): makes a fresh client assertion for each request (the IdP
   * refuses a replayed one), sent as `client_assertion` with `client_id`. See `privateKeyJwt`.
   */
  clientAssertion?: (() => Promise<string>) | undefined;
}

/**
 * How a token request proves possession of a DPoP key (RFC 9449). The caller holds the key and signs
 * (`@sesame/test-stack/dpop-client` has a holder); the helpers say for which URL and with which nonce.
 */
export interface TokenRequestDpop {
  /** Signs a DPoP proof for `POST htu`, carrying `nonce` when there is one. */
  sign(htu: string, nonce: string | undefined): Promise<string>;
  /** A nonce for the first proof (a `DPoP-Nonce` the server sent before). */
  nonce?: string;
  /**
   * Answer a `use_dpop_nonce` refusal with one retry carrying the server's nonce, as oidc-client-ts
   * does. Default true; `false` lets a test see the refusal itself.
   */
  retryWithNonce?: boolean;
}

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * POSTs a form to a token-style endpoint and parses the JSON answer; throws {@link TokenRequestError}.
 * With `dpop`, the request carries a `DPoP` proof header.
 */
export async function postForm<T>(
  endpoint: string,
  form: Record<string, string | undefined>,
  client: ClientCredentials,
  dpop?: TokenRequestDpop,
): Promise<T> {
  try {
    return await postFormOnce<T>(endpoint, form, client, dpop, dpop?.nonce);
  } catch (error) {
    const nonce = error instanceof TokenRequestError ? error.dpopNonce : undefined;
    const askedForNonce = error instanceof TokenRequestError && error.error === 'use_dpop_nonce';
    if (!dpop || dpop.retryWithNonce === false || !askedForNonce || nonce === undefined)
      throw error;
    return postFormOnce<T>(endpoint, form, client, dpop, nonce);
  }
}

async function postFormOnce<T>(
  endpoint: string,
  form: Record<string, string | undefined>,
  client: ClientCredentials,
  dpop: TokenRequestDpop | undefined,
  nonce: string | undefined,
): Promise<T> {
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded' });
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) if (value !== undefined) body.set(name, value);
  if (client.clientAssertion !== undefined) {
    body.set('client_id', client.clientId);
    body.set('client_assertion_type', CLIENT_ASSERTION_TYPE);
    body.set('client_assertion', await client.clientAssertion());
  } else if (client.clientSecret === undefined) {
    body.set('client_id', client.clientId);
  } else {
    const basic = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`;
    headers.set('authorization', `Basic ${Buffer.from(basic).toString('base64')}`);
  }
  if (dpop) headers.set('dpop', await dpop.sign(endpoint, nonce));
  const response = await fetch(endpoint, { method: 'POST', headers, body });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    json = undefined;
  }
  if (!response.ok || json === undefined) {
    const error = typeof json?.error === 'string' ? json.error : 'invalid_response';
    const description =
      typeof json?.error_description === 'string' ? json.error_description : undefined;
    throw new TokenRequestError(
      response.status,
      error,
      description,
      response.headers.get('dpop-nonce') ?? undefined,
    );
  }
  return json as T;
}

export interface ExchangeCodeOptions extends ClientCredentials {
  code: string;
  redirectUri: string;
  /** Omit to send no verifier at all (a test of the IdP's PKCE check). */
  codeVerifier: string | undefined;
  resource?: string;
  /** Sends a DPoP proof: the tokens come back bound to its key. */
  dpop?: TokenRequestDpop;
}

/** Exchanges an authorization code at the token endpoint. */
export function exchangeCode(
  metadata: ProviderMetadata,
  options: ExchangeCodeOptions,
): Promise<TokenSet> {
  return postForm<TokenSet>(
    metadata.token_endpoint,
    {
      grant_type: 'authorization_code',
      code: options.code,
      redirect_uri: options.redirectUri,
      code_verifier: options.codeVerifier,
      resource: options.resource,
    },
    options,
    options.dpop,
  );
}

export interface ObtainTokensOptions extends AuthorizationRequestOptions {
  issuer: string;
  user: LoginCredentials;
  clientSecret?: string;
  /** Reuse to keep the IdP session between calls. */
  cookieJar?: CompleteLoginOptions['cookieJar'];
  /**
   * Binds the tokens to a DPoP key: the code exchange carries a proof. (To bind the code as well, pass
   * the key's thumbprint as `extraParams: { dpop_jkt }`.)
   */
  dpop?: TokenRequestDpop;
}

/**
 * A whole sign-in as the dashboard would do it: discovery, code + PKCE S256 authorization request,
 * login (and consent) through the IdP's pages, `state`/`iss` checks, and the code exchange.
 *
 * @example
 * const tokens = await obtainTokens({ issuer: idp.issuer, user: { login: 'jane.doe', password: 'sesame' } });
 */
export async function obtainTokens(options: ObtainTokensOptions): Promise<TokenSet> {
  const metadata = await discover(options.issuer);
  const request = authorizationRequest(metadata, options);
  const callback = await completeLogin(
    request.url,
    options.user,
    options.cookieJar ? { cookieJar: options.cookieJar } : {},
  );
  const code = readAuthorizationResponse(callback, {
    state: request.state,
    issuer: metadata.issuer,
  });
  return exchangeCode(metadata, {
    code,
    redirectUri: request.redirectUri,
    codeVerifier: request.codeVerifier,
    clientId: request.clientId,
    clientSecret: options.clientSecret,
    ...(options.dpop ? { dpop: options.dpop } : {}),
  });
}

export interface RefreshTokensOptions {
  issuer: string;
  refreshToken: string;
  clientId?: string;
  clientSecret?: string;
  /** For `private_key_jwt` clients: see {@link ClientCredentials.clientAssertion}. */
  clientAssertion?: () => Promise<string>;
  scope?: string;
  /** RFC 8707: the API the new access token is for (one the sign-in was granted). */
  resource?: string;
  /** A proof by the key the refresh token is bound to (required for DPoP-bound tokens). */
  dpop?: TokenRequestDpop;
}

/** Uses a refresh token once. The IdP rotates it: use the returned `refresh_token` next time. */
export async function refreshTokens(options: RefreshTokensOptions): Promise<TokenSet> {
  const metadata = await discover(options.issuer);
  return postForm<TokenSet>(
    metadata.token_endpoint,
    {
      grant_type: 'refresh_token',
      refresh_token: options.refreshToken,
      scope: options.scope,
      resource: options.resource,
    },
    {
      clientId: options.clientId ?? DASHBOARD_CLIENT_ID,
      clientSecret: options.clientSecret,
      clientAssertion: options.clientAssertion,
    },
    options.dpop,
  );
}
