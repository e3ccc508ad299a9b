import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateBffClientKeys } from './bff-keys';
import { BANK_API_AUDIENCE, BFF_CLIENT_ID } from './constants';
import {
  jane,
  newDpopKey,
  redirectParams,
  startTestIdp,
  verifyAccessToken,
  browse,
} from './test-support';
import { pushAuthorizationRequest, pushedAuthorization, privateKeyJwt } from './testing/bff-flows';
import { completeLogin } from './testing/complete-login';
import { CookieJar } from './testing/cookie-jar';
import { TokenRequestError } from './testing/errors';
import {
  authorizationRequest,
  exchangeCode,
  obtainTokens,
  readAuthorizationResponse,
  refreshTokens,
  type ClientCredentials,
  type TokenRequestDpop,
  type TokenSet,
} from './testing/flows';

const REDIRECT_URI = 'http://127.0.0.1:5173/bff/callback';
const POST_LOGOUT_URI = 'http://127.0.0.1:5173/';

async function refused(attempt: Promise<unknown>): Promise<TokenRequestError> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof TokenRequestError)) throw new Error('expected the request to fail');
  return error;
}

const jktOf = (tokens: TokenSet) =>
  (decodeJwt(tokens.access_token) as { cnf?: { jkt?: string } }).cnf?.jkt;

describe('the BFF client (bff option): private_key_jwt, PAR, DPoP, FAPI 2.0', async () => {
  const keys = await generateBffClientKeys();
  const otherKeys = await generateBffClientKeys();
  const { idp, metadata } = await startTestIdp({
    bff: {
      publicJwks: keys.publicJwks,
      redirectUris: [REDIRECT_URI],
      postLogoutRedirectUris: [POST_LOGOUT_URI],
    },
  });
  const auth = privateKeyJwt(metadata.issuer, keys.privateJwk);
  const bff = { clientId: BFF_CLIENT_ID, clientAssertion: auth };

  /** A signed-in BFF code, not yet exchanged: PAR (proof by `parKey` if given), pages, callback checks. */
  async function bffCode(options: { parKey?: TokenRequestDpop; jar?: CookieJar } = {}) {
    const pushed = await pushedAuthorization(metadata, {
      clientAssertion: auth,
      redirectUri: REDIRECT_URI,
      ...(options.parKey ? { dpop: options.parKey } : {}),
    });
    const callback = await completeLogin(pushed.url, jane, {
      ...(options.jar ? { cookieJar: options.jar } : {}),
    });
    const code = readAuthorizationResponse(callback, {
      state: pushed.state,
      issuer: metadata.issuer,
    });
    return (dpop: TokenRequestDpop | undefined, client: ClientCredentials = bff) =>
      exchangeCode(metadata, {
        code,
        redirectUri: REDIRECT_URI,
        codeVerifier: pushed.codeVerifier,
        ...client,
        ...(dpop ? { dpop } : {}),
      });
  }

  async function bffTokens(dpop: TokenRequestDpop, jar?: CookieJar): Promise<TokenSet> {
    return (await bffCode(jar ? { jar } : {}))(dpop);
  }

  it('advertises PAR, private_key_jwt with FAPI algorithms, and the RFC 9207 iss parameter', () => {
    expect(metadata.pushed_authorization_request_endpoint).toBe(`${idp.issuer}/request`);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    expect(metadata.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(metadata.token_endpoint_auth_signing_alg_values_supported).toEqual(
      expect.arrayContaining(['ES256', 'PS256']),
    );
  });

  it('refuses the BFF client at the authorization endpoint without PAR, and issues no code', async () => {
    const plain = authorizationRequest(metadata, {
      clientId: BFF_CLIENT_ID,
      redirectUri: REDIRECT_URI,
    });
    const response = await browse(plain.url);
    const params = redirectParams(response);
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('error_description')).toMatch(/pushed authorization request/i);
    expect(params.get('iss')).toBe(idp.issuer);
    expect(params.get('code')).toBeNull();
  });

  it('takes a pushed request authenticated with private_key_jwt: a one-time request_uri valid 60 s at most', async () => {
    const pushed = await pushedAuthorization(metadata, {
      clientAssertion: auth,
      redirectUri: REDIRECT_URI,
    });
    expect(pushed.requestUri).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    expect(pushed.expiresIn).toBeGreaterThan(0);
    expect(pushed.expiresIn).toBeLessThanOrEqual(60);
    // The browser's URL carries nothing but the client and the reference.
    expect([...new URL(pushed.url).searchParams.keys()].sort()).toEqual([
      'client_id',
      'request_uri',
    ]);

    const callback = new URL(await completeLogin(pushed.url, jane));
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe(pushed.state);
    expect(callback.searchParams.get('iss')).toBe(idp.issuer);
    expect(callback.searchParams.get('code')).toBeTruthy();

    // Used once: the same request_uri does not start a second sign-in.
    const again = await browse(pushed.url);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('data-oauth-error="invalid_request_uri"');
  });

  describe('client authentication at the PAR endpoint', () => {
    const params = () =>
      Object.fromEntries(
        new URL(
          authorizationRequest(metadata, {
            clientId: BFF_CLIENT_ID,
            redirectUri: REDIRECT_URI,
          }).url,
        ).searchParams,
      );
    const push = (clientAssertion?: () => Promise<string>) =>
      pushAuthorizationRequest(metadata, params(), {
        clientId: BFF_CLIENT_ID,
        ...(clientAssertion ? { clientAssertion } : {}),
      });

    it('refuses an assertion signed by another key', async () => {
      const forged = privateKeyJwt(metadata.issuer, {
        ...otherKeys.privateJwk,
        kid: keys.privateJwk.kid,
      });
      expect(await refused(push(forged))).toMatchObject({ status: 401, error: 'invalid_client' });
      expect(
        await refused(push(privateKeyJwt(metadata.issuer, otherKeys.privateJwk))),
      ).toMatchObject({ status: 401, error: 'invalid_client' });
    });

    it('refuses no client authentication at all (client_id only, as a public client would)', async () => {
      expect(await refused(push())).toMatchObject({ status: 401, error: 'invalid_client' });
    });

    it('refuses an unsigned assertion (alg none)', async () => {
      const unsigned = async () => {
        const signed = await auth();
        const [, payload] = signed.split('.');
        const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
        return `${header}.${payload}.`;
      };
      expect(await refused(push(unsigned))).toMatchObject({ error: 'invalid_client' });
    });

    it('refuses an assertion whose aud is the token endpoint, not the issuer (the FAPI 2.0 profile at work)', async () => {
      const tokenAudience = privateKeyJwt(metadata.issuer, keys.privateJwk, {
        audience: metadata.token_endpoint,
      });
      expect(await refused(push(tokenAudience))).toMatchObject({ error: 'invalid_client' });
    });

    it('refuses a replayed assertion (same jti)', async () => {
      const once = await auth();
      await push(async () => once);
      expect(await refused(push(async () => once))).toMatchObject({ error: 'invalid_client' });
    });

    it('refuses a redirect URI that is not registered', async () => {
      const error = await refused(
        pushAuthorizationRequest(
          metadata,
          { ...params(), redirect_uri: 'http://127.0.0.1:5173/evil' },
          bff,
        ),
      );
      expect(error).toMatchObject({ status: 400, error: 'invalid_request' });
    });

    it('refuses a request without PKCE', async () => {
      const { code_challenge: _c, code_challenge_method: _m, ...withoutPkce } = params();
      const error = await refused(pushAuthorizationRequest(metadata, withoutPkce, bff));
      expect(error).toMatchObject({ status: 400, error: 'invalid_request' });
    });
  });

  it('exchanges the code with a DPoP proof and private_key_jwt: DPoP-bound tokens for the bank API', async () => {
    const key = await newDpopKey();
    const tokens = await bffTokens(key);
    expect(tokens.token_type).toBe('DPoP');
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.id_token).toBeTruthy();
    // Exactly the dashboard's kind of access token, so the bank API accepts it; bound to the key.
    const { payload, protectedHeader } = await verifyAccessToken(tokens.access_token, metadata);
    expect(protectedHeader.typ).toBe('at+jwt');
    expect(payload).toMatchObject({
      aud: BANK_API_AUDIENCE,
      client_id: BFF_CLIENT_ID,
      sub: 'usr_jane_doe',
      cnf: { jkt: key.jkt },
    });
    expect(String(payload.scope).split(' ')).toEqual(
      expect.arrayContaining(['accounts:read', 'transfers:write']),
    );
    expect(decodeJwt(tokens.id_token ?? '')).toMatchObject({ aud: BFF_CLIENT_ID });
  });

  it('refuses a code exchange without a proof (dpop_bound_access_tokens), and the code still works with one', async () => {
    const exchange = await bffCode();
    expect(await refused(exchange(undefined))).toMatchObject({ error: 'invalid_grant' });
    expect(jktOf(await exchange(await newDpopKey()))).toBeDefined();
  });

  it('refuses a code exchange authenticated by another key, for another audience, or not at all', async () => {
    const exchange = await bffCode();
    const key = await newDpopKey();
    const as = (clientAssertion: () => Promise<string>) => ({
      clientId: BFF_CLIENT_ID,
      clientAssertion,
    });
    const stranger = as(privateKeyJwt(metadata.issuer, otherKeys.privateJwk));
    const tokenAudience = as(
      privateKeyJwt(metadata.issuer, keys.privateJwk, { audience: metadata.token_endpoint }),
    );
    for (const client of [stranger, tokenAudience, { clientId: BFF_CLIENT_ID }]) {
      expect(await refused(exchange(key, client))).toMatchObject({
        status: 401,
        error: 'invalid_client',
      });
    }
    // None of the refusals used up the code.
    expect(jktOf(await exchange(key))).toBe(key.jkt);
  });

  it('binds the code to the key of the proof sent with the PAR: another key cannot exchange it', async () => {
    const key = await newDpopKey();
    const thief = await newDpopKey();
    const stolen = await bffCode({ parKey: key });
    expect(await refused(stolen(thief))).toMatchObject({ error: 'invalid_grant' });
    const own = await bffCode({ parKey: key });
    expect(jktOf(await own(key))).toBe(key.jkt);
  });

  it('refreshes with private_key_jwt and a proof: rotated refresh token, new access token bound to the key', async () => {
    const key = await newDpopKey();
    const first = await bffTokens(key);
    const refresh = (refreshToken: string, dpop?: TokenRequestDpop, clientAssertion = auth) =>
      refreshTokens({
        issuer: idp.issuer,
        refreshToken,
        clientId: BFF_CLIENT_ID,
        clientAssertion,
        ...(dpop ? { dpop } : {}),
      });

    expect(await refused(refresh(first.refresh_token ?? ''))).toMatchObject({
      error: 'invalid_grant',
    });
    expect(
      await refused(
        refresh(
          first.refresh_token ?? '',
          key,
          privateKeyJwt(metadata.issuer, otherKeys.privateJwk),
        ),
      ),
    ).toMatchObject({ error: 'invalid_client' });

    const second = await refresh(first.refresh_token ?? '', key);
    expect(second.token_type).toBe('DPoP');
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const { payload } = await verifyAccessToken(second.access_token, metadata);
    expect(payload).toMatchObject({ aud: BANK_API_AUDIENCE, cnf: { jkt: key.jkt } });

    // Rotation as for the dashboard: the used token is dead, and its reuse ends the grant.
    expect(await refused(refresh(first.refresh_token ?? '', key))).toMatchObject({
      error: 'invalid_grant',
    });
    expect(await refused(refresh(second.refresh_token ?? '', key))).toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('leaves the refresh token of this confidential client bound by client authentication, not by the DPoP key (RFC 9449 §5)', async () => {
    const key = await newDpopKey();
    const next = await newDpopKey();
    const first = await bffTokens(key);
    const second = await refreshTokens({
      issuer: idp.issuer,
      refreshToken: first.refresh_token ?? '',
      clientId: BFF_CLIENT_ID,
      clientAssertion: auth,
      dpop: next,
    });
    expect(jktOf(second)).toBe(next.jkt);
  });

  describe('codes live 60 s', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    // The IdP runs in this process, so moving Date moves its clock (and the proofs' and assertions'
    // iat). Each code's age is bounded by the time around its sign-in, so a slow machine cannot blur it.
    it('exchanges a code at most 59 s old and refuses one at least 61 s old', async () => {
      const youngStarted = Date.now();
      const young = await bffCode();
      const old = await bffCode();
      const oldIssuedBy = Date.now();
      const key = await newDpopKey();
      vi.useFakeTimers({ toFake: ['Date'], now: youngStarted + 59_000 });
      expect((await young(key)).token_type).toBe('DPoP');
      vi.setSystemTime(oldIssuedBy + 61_000);
      expect(await refused(old(key))).toMatchObject({ error: 'invalid_grant' });
    });
  });

  it('leaves the dashboard as it was: a public client, no PAR needed, Bearer tokens', async () => {
    const tokens = await obtainTokens({ issuer: idp.issuer, user: jane });
    expect(tokens.token_type).toBe('Bearer');
    const { payload } = await verifyAccessToken(tokens.access_token, metadata);
    expect(payload.client_id).toBe('bank-dashboard');
  });

  describe('end session without an ID token (POST form: client_id, post_logout_redirect_uri, state)', () => {
    const endSession = () => String(metadata.end_session_endpoint);

    function logoutForm(html: string): { action: string; xsrf: string } {
      const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(html)?.[1];
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
      if (!action || !xsrf) throw new Error('no logout form on the page');
      return { action, xsrf };
    }

    it('asks to confirm, then ends the IdP session and lands on the post-logout URI with state', async () => {
      const jar = new CookieJar();
      const key = await newDpopKey();
      const tokens = await bffTokens(key, jar);

      const page = await browse(endSession(), {
        jar,
        form: {
          client_id: BFF_CLIENT_ID,
          post_logout_redirect_uri: POST_LOGOUT_URI,
          state: 'bff-bye',
        },
      });
      expect(page.status).toBe(200);
      const html = await page.text();
      // No hint, so no automatic submit: the customer confirms.
      expect(html).toContain('Sign out of Sesame Bank?');
      expect(html).not.toContain('f.submit()');

      const { action, xsrf } = logoutForm(html);
      const confirm = await browse(new URL(action, endSession()).href, {
        jar,
        form: { xsrf, logout: 'yes' },
      });
      expect(confirm.status).toBe(303);
      const back = new URL(confirm.headers.get('location') ?? '');
      expect(`${back.origin}${back.pathname}`).toBe(POST_LOGOUT_URI);
      expect(back.searchParams.get('state')).toBe('bff-bye');

      // The IdP session is over: no silent sign-in, and the session-bound refresh token is dead.
      const silent = await pushedAuthorization(metadata, {
        clientAssertion: auth,
        redirectUri: REDIRECT_URI,
        prompt: 'none',
      });
      const callback = await completeLogin(silent.url, jane, { cookieJar: jar });
      expect(new URL(callback).searchParams.get('error')).toBe('login_required');
      await expect(
        refreshTokens({
          issuer: idp.issuer,
          refreshToken: tokens.refresh_token ?? '',
          clientId: BFF_CLIENT_ID,
          clientAssertion: auth,
          dpop: key,
        }),
      ).rejects.toMatchObject({ error: 'invalid_grant' });
    });

    it('refuses a post-logout URI that is not registered for the BFF, without redirecting', async () => {
      const response = await browse(endSession(), {
        form: {
          client_id: BFF_CLIENT_ID,
          post_logout_redirect_uri: 'http://127.0.0.1:5173/callback',
          state: 'x',
        },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    });
  });

  it('never logs a client assertion, code or token', async () => {
    const sent: string[] = [];
    const recorded = async () => {
      const assertion = await auth();
      sent.push(assertion);
      return assertion;
    };
    const pushed = await pushedAuthorization(metadata, {
      clientAssertion: recorded,
      redirectUri: REDIRECT_URI,
    });
    const callback = await completeLogin(pushed.url, jane);
    const code = readAuthorizationResponse(callback, {
      state: pushed.state,
      issuer: metadata.issuer,
    });
    const tokens = await exchangeCode(metadata, {
      code,
      redirectUri: REDIRECT_URI,
      codeVerifier: pushed.codeVerifier,
      clientId: BFF_CLIENT_ID,
      clientAssertion: recorded,
      dpop: await newDpopKey(),
    });
    expect(sent).toHaveLength(2);
    const log = idp.logs.join('\n');
    expect(log).toMatch(/POST \/request 201 client=bank-bff/);
    expect(log).toMatch(/POST \/token 200 client=bank-bff/);
    for (const secret of [
      ...sent.map((assertion) => assertion.split('.')[2] ?? 'missing'),
      pushed.requestUri,
      code,
      tokens.access_token,
      tokens.refresh_token ?? 'missing',
      tokens.id_token ?? 'missing',
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
