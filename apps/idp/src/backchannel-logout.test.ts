import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultBackchannelLogoutUri, providerFetch, type ResolvedBffClient } from './bff-client';
import { generateBffClientKeys } from './bff-keys';
import { BFF_CLIENT_ID } from './constants';
import { resolveOptions } from './options';
import { browse, jane, newDpopKey, startTestIdp } from './test-support';
import { obtainBffTokens } from './testing/bff-flows';
import { CookieJar } from './testing/cookie-jar';

const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** The BFF's back-channel endpoint as the IdP sees it: records each logout_token, answers `status`. */
async function startReceiver() {
  const received: { contentType: string | undefined; token: string }[] = [];
  const state = { status: 200 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/bff/backchannel-logout') {
        const token = new URLSearchParams(body).get('logout_token') ?? '';
        received.push({ contentType: req.headers['content-type'], token });
      }
      res.statusCode = state.status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, received, state };
}

describe('back-channel logout to the BFF client (OpenID Connect Back-Channel Logout 1.0)', async () => {
  const receiver = await startReceiver();
  const keys = await generateBffClientKeys();
  const redirectUri = `${receiver.origin}/bff/callback`;
  const { idp, metadata } = await startTestIdp({
    bff: { publicJwks: keys.publicJwks, redirectUris: [redirectUri] },
  });
  const jwks = createRemoteJWKSet(new URL(String(metadata.jwks_uri)));

  beforeEach(async () => {
    await idp.endUserSessions('usr_jane_doe'); // each test starts from one sign-in of its own
    receiver.received.length = 0;
    receiver.state.status = 200;
  });

  async function signIn(jar = new CookieJar()) {
    const tokens = await obtainBffTokens({
      issuer: idp.issuer,
      user: jane,
      privateJwk: keys.privateJwk,
      dpop: await newDpopKey(),
      redirectUri,
      cookieJar: jar,
    });
    const sid = decodeJwt(tokens.id_token ?? '').sid;
    return { jar, sid, tokens };
  }

  it('advertises back-channel logout with sessions, and puts sid in the BFF’s ID tokens', async () => {
    expect(metadata.backchannel_logout_supported).toBe(true);
    expect(metadata.backchannel_logout_session_supported).toBe(true);
    const { sid } = await signIn();
    expect(sid).toEqual(expect.any(String));
  });

  it('endUserSessions POSTs one signed logout_token naming the IdP session (sid), and waits for it', async () => {
    const { sid } = await signIn();
    await idp.endUserSessions('usr_jane_doe');

    expect(receiver.received).toHaveLength(1);
    const [{ contentType, token } = { contentType: '', token: '' }] = receiver.received;
    expect(contentType).toBe('application/x-www-form-urlencoded');
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: idp.issuer,
      audience: BFF_CLIENT_ID,
      typ: 'logout+jwt',
    });
    expect(protectedHeader.typ).toBe('logout+jwt');
    expect(payload).toMatchObject({ sub: 'usr_jane_doe', sid, events: { [EVENT]: {} } });
    expect(payload.jti).toEqual(expect.any(String));
    expect(payload.iat).toEqual(expect.any(Number));
    expect(payload).not.toHaveProperty('nonce');
    expect(idp.logs).toContain(`backchannel-logout client=${BFF_CLIENT_ID} ok`);
    expect(idp.logs.join('\n')).not.toContain(token.split('.')[2]);
  });

  it('a sign-out at the IdP (its confirmation page) POSTs a logout_token for the same sid', async () => {
    const { jar, sid } = await signIn();
    const endSession = String(metadata.end_session_endpoint);
    const page = await browse(endSession, { jar, form: { client_id: BFF_CLIENT_ID } });
    const html = await page.text();
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(action && xsrf).toBeTruthy();
    await browse(new URL(action ?? '', endSession).href, {
      jar,
      form: { xsrf: xsrf ?? '', logout: 'yes' },
    });

    expect(receiver.received).toHaveLength(1);
    expect(decodeJwt(receiver.received[0]?.token ?? '')).toMatchObject({ sid });
  });

  it('logs a BFF that refuses the token, and ends the IdP session all the same', async () => {
    await signIn();
    receiver.state.status = 400;
    await idp.endUserSessions('usr_jane_doe');
    expect(receiver.received).toHaveLength(1);
    expect(idp.logs.at(-1)).toMatch(/^backchannel-logout client=bank-bff failed \(.*400/);
  });
});

describe('the BFF client’s back-channel logout URI', async () => {
  const { publicJwks } = await generateBffClientKeys();

  it('defaults to the endpoint next to the first redirect URI’s callback', () => {
    expect(resolveOptions({ bff: { publicJwks } }).bff?.backchannelLogoutUri).toBe(
      'http://127.0.0.1:5173/bff/backchannel-logout',
    );
    expect(defaultBackchannelLogoutUri(['https://bank.example/auth/callback'])).toBe(
      'https://bank.example/auth/backchannel-logout',
    );
    expect(defaultBackchannelLogoutUri(['https://bank.example/signed-in'])).toBeUndefined();
  });

  it('takes an explicit URI, or false for none', () => {
    const uri = 'http://127.0.0.1:3000/bff/backchannel-logout';
    expect(
      resolveOptions({ bff: { publicJwks, backchannelLogoutUri: uri } }).bff?.backchannelLogoutUri,
    ).toBe(uri);
    expect(
      resolveOptions({ bff: { publicJwks, backchannelLogoutUri: false } }).bff
        ?.backchannelLogoutUri,
    ).toBeUndefined();
    expect(() =>
      resolveOptions({ bff: { publicJwks, backchannelLogoutUri: 'javascript:x' } }),
    ).toThrow(/http or https/);
  });

  it('lifts oidc-provider’s SSRF guard for that exact URI only', async () => {
    const uri = 'http://127.0.0.1:3000/bff/backchannel-logout';
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(null));
    try {
      const guarded = { backchannelLogoutUri: uri } as ResolvedBffClient;
      const dispatcher = { guard: true };
      const options = { method: 'POST', dispatcher } as RequestInit;
      await providerFetch(guarded)(uri, options);
      await providerFetch(guarded)('http://127.0.0.1:3000/bff/other', options);
      await providerFetch(undefined)(uri, options);
      const dispatchers = fetchSpy.mock.calls.map(
        ([, init]) => (init as { dispatcher?: unknown }).dispatcher,
      );
      expect(dispatchers).toEqual([undefined, dispatcher, dispatcher]);
    } finally {
      fetchSpy.mockRestore();
    }
  });
});
