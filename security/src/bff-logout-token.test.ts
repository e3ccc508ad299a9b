// @vitest-environment node
// Back-channel logout at the BFF (OpenID Connect Back-Channel Logout 1.0): every way a forged,
// bent, replayed or misdirected logout_token could end someone's session. The real @sesame/bff
// (node:http adapter) sits in front of the real IdP behind the battery's proxy, which publishes a
// planted test key in the IdP's JWKS: a forgery can then differ from a valid token in exactly one
// thing and still carry a good signature. Each refused case checks 400 invalid_request, the code in
// the BFF's log line, and that every session is still alive; the valid cases check exactly which
// sessions ended.
import { randomUUID } from 'node:crypto';
import { BFF_CLIENT_ID } from '@sesame/idp';
import { CookieJar } from '@sesame/idp/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BffBrowser } from './support/bff-browser';
import { startBffBattery, type BffBattery } from './support/bff-stack';
import {
  hs256WithClientId,
  hs256WithIdpPublicKey,
  newSigner,
  patch,
  plantKey,
  unsigned,
  type Claims,
  type Header,
  type Signer,
} from './support/forge';
import type { DemoLogin } from './support/stack';

const EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const epoch = () => Math.floor(Date.now() / 1000);

let bff: BffBattery;
let planted: Signer;
/** Jane twice in one IdP session (SSO: the same sid), Jane on another device, John. */
let janeTab: BffBrowser;
let janeOtherTab: BffBrowser;
let janeElsewhere: BffBrowser;
let john: BffBrowser;
let janeSid: string;
/** Every logout token the cases sent: none may show up in a log line. */
const sent: string[] = [];

/** The `sid` of the newest ID token the IdP issued (the one of the sign-in just made). */
function newestSid(): string {
  const idTokens = [...bff.issued].map((token) => {
    try {
      return decodeJwt(token);
    } catch {
      return {}; // an opaque token
    }
  });
  const sid = idTokens.filter((claims) => 'nonce' in claims).at(-1)?.sid;
  if (typeof sid !== 'string') throw new Error('no ID token with a sid was issued');
  return sid;
}

async function signedIn(login: DemoLogin, idpCookies = new CookieJar()): Promise<BffBrowser> {
  const browser = bff.browser();
  const { callback } = await browser.signIn(login, { idpCookies });
  expect(callback.status).toBe(302);
  return browser;
}

beforeAll(async () => {
  bff = await startBffBattery();
  // Published before the BFF first reads the JWKS.
  planted = await plantKey(bff.stack.proxy, 'battery-logout');
  const janeIdp = new CookieJar();
  janeTab = await signedIn('jane.doe', janeIdp);
  janeSid = newestSid();
  janeOtherTab = await signedIn('jane.doe', janeIdp);
  expect(newestSid()).toBe(janeSid);
  janeElsewhere = await signedIn('jane.doe');
  expect(newestSid()).not.toBe(janeSid);
  john = await signedIn('john.smith');
});
afterAll(() => bff.stop());

/** A valid logout token's claims for Jane's first IdP session, changed by `overrides`. */
function claims(overrides: Claims = {}): Claims {
  const now = epoch();
  return patch(
    {
      iss: bff.stack.issuer,
      aud: BFF_CLIENT_ID,
      sub: 'usr_jane_doe',
      sid: janeSid,
      iat: now,
      exp: now + 120,
      jti: randomUUID(),
      events: { [EVENT]: {} },
    },
    overrides,
  );
}

const header = (overrides: Header = {}): Header => ({
  kid: planted.kid,
  typ: 'logout+jwt',
  ...overrides,
});

const signed = (claimOverrides: Claims = {}, headerOverrides: Header = {}) =>
  planted.sign(header(headerOverrides), claims(claimOverrides));

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/** The IdP's request, server to server: a form POST, no cookie, no Origin, no CSRF header. */
async function post(
  body: string,
  contentType = 'application/x-www-form-urlencoded',
  method = 'POST',
): Promise<Answer> {
  const response = await fetch(`${bff.origin}/bff/backchannel-logout`, {
    method,
    headers: { 'content-type': contentType },
    ...(method === 'GET' ? {} : { body }),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

function postToken(token: string): Promise<Answer> {
  sent.push(token);
  return post(new URLSearchParams({ logout_token: token }).toString());
}

async function statusOf(browser: BffBrowser): Promise<number> {
  return (await browser.fetch('/bff/session')).status;
}

/** Everyone signed in in beforeAll still is. */
async function expectNoSessionEnded() {
  const statuses = await Promise.all([janeTab, janeOtherTab, janeElsewhere, john].map(statusOf));
  expect(statuses, 'a session ended').toEqual([200, 200, 200, 200]);
}

/** 400 `invalid_request` (the specification's answer), not cacheable, the reason in the log only. */
async function expectRefused(answer: Answer, reason: RegExp) {
  expect(answer.status).toBe(400);
  expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid_request' });
  expect(answer.headers.get('cache-control')).toBe('no-store');
  const line = bff.logs.findLast((entry) => entry.startsWith('POST /bff/backchannel-logout'));
  expect(line).toMatch(/^POST \/bff\/backchannel-logout 400 \d+ms logout_token_invalid \(/);
  expect(line).toMatch(reason);
  await expectNoSessionEnded();
}

describe('bff-logout-token: forged or bent tokens end no session', () => {
  it('control: the planted key signs a token the BFF accepts (a sid no session has → 200, nothing ended)', async () => {
    const answer = await postToken(await signed({ sid: 'no-such-idp-session' }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    await expectNoSessionEnded();
  });

  it('wrong signature (another key under the planted kid) → 400, no session ended', async () => {
    const impostor = await newSigner(planted.kid);
    await expectRefused(
      await postToken(await impostor.sign(header(), claims())),
      /signature verification failed/,
    );
  });

  it('a key the IdP never published (unknown kid) → 400, no session ended', async () => {
    const stranger = await newSigner('not-in-the-jwks');
    await expectRefused(
      await postToken(await stranger.sign(header({ kid: stranger.kid }), claims())),
      /no applicable key found/i,
    );
  });

  it('wrong aud (the dashboard client) → 400, no session ended', async () => {
    await expectRefused(await postToken(await signed({ aud: 'bank-dashboard' })), /"aud"/);
  });

  it('aud a list without this client → 400, no session ended', async () => {
    await expectRefused(
      await postToken(await signed({ aud: ['bank-dashboard', 'bank-api'] })),
      /"aud"/,
    );
  });

  it('wrong iss (another issuer) → 400, no session ended', async () => {
    await expectRefused(await postToken(await signed({ iss: 'https://evil.example' })), /"iss"/);
  });

  it('missing events → 400, no session ended', async () => {
    await expectRefused(
      await postToken(await signed({ events: undefined })),
      /no back-channel logout event/,
    );
  });

  it('events without the back-channel member (another event) → 400, no session ended', async () => {
    await expectRefused(
      await postToken(
        await signed({ events: { 'https://schemas.openid.net/secevent/risc/event-type/x': {} } }),
      ),
      /no back-channel logout event/,
    );
  });

  it('events with the member as a string, not an object → 400, no session ended', async () => {
    await expectRefused(
      await postToken(await signed({ events: { [EVENT]: 'logout' } })),
      /no back-channel logout event/,
    );
  });

  it('a nonce present → 400, no session ended', async () => {
    await expectRefused(await postToken(await signed({ nonce: 'n-0S6_WzA2Mj' })), /nonce/);
  });

  it('iat 10 minutes in the future → 400, no session ended', async () => {
    const ahead = epoch() + 600;
    await expectRefused(
      await postToken(await signed({ iat: ahead, exp: ahead + 120 })),
      /"iat".*in the past/,
    );
  });

  it('iat 10 minutes old (exp still ahead) → 400, no session ended', async () => {
    await expectRefused(
      await postToken(await signed({ iat: epoch() - 600, exp: epoch() + 60 })),
      /"iat".*too far in the past/,
    );
  });

  it('exp passed → 400, no session ended', async () => {
    await expectRefused(
      await postToken(await signed({ iat: epoch() - 200, exp: epoch() - 60 })),
      /"exp"/,
    );
  });

  it('no exp → 400, no session ended', async () => {
    await expectRefused(await postToken(await signed({ exp: undefined })), /"exp"/);
  });

  it('no jti → 400, no session ended', async () => {
    await expectRefused(await postToken(await signed({ jti: undefined })), /"jti"/);
  });

  it('no sid and no sub → 400, no session ended', async () => {
    await expectRefused(
      await postToken(await signed({ sid: undefined, sub: undefined })),
      /no sid nor sub/,
    );
  });

  it('alg none (unsigned) → 400, no session ended', async () => {
    await expectRefused(await postToken(unsigned(header(), claims())), /"alg"/);
  });

  it('HS256 signed with the client id as the secret → 400, no session ended', async () => {
    await expectRefused(
      await postToken(hs256WithClientId(BFF_CLIENT_ID, header(), claims())),
      /"alg"/,
    );
  });

  it('HS256 keyed with the IdP’s public key (algorithm confusion) → 400, no session ended', async () => {
    await expectRefused(
      await postToken(await hs256WithIdpPublicKey(bff.stack.issuer, header(), claims())),
      /"alg"/,
    );
  });

  it('typ at+jwt (an access token’s type) → 400, no session ended', async () => {
    await expectRefused(await postToken(await signed({}, { typ: 'at+jwt' })), /typ/);
  });

  it('one of the IdP’s own ID tokens instead of a logout token → 400, no session ended', async () => {
    const idToken = [...bff.issued].find((token) => {
      try {
        return 'nonce' in decodeJwt(token);
      } catch {
        return false;
      }
    })!;
    // Its first failing check: oidc-provider's ID tokens carry no jti (no events either, and a nonce).
    await expectRefused(await postToken(idToken), /"jti"|events|nonce/);
  });

  it('a sid of Jane with the sub of John (they disagree) → 200, no session ended', async () => {
    const answer = await postToken(await signed({ sub: 'usr_john_smith' }));
    expect(answer.status).toBe(200);
    await expectNoSessionEnded();
    expect(bff.logs).toContain('@sesame/bff: back-channel logout by sid: 0 session(s) ended');
  });
});

describe('bff-logout-token: the request around the token', () => {
  it('a JSON body instead of a form → 400, no session ended', async () => {
    await expectRefused(
      await post(JSON.stringify({ logout_token: await signed() }), 'application/json'),
      /application\/x-www-form-urlencoded/,
    );
  });

  it('no logout_token → 400; two of them → 400; no session ended', async () => {
    await expectRefused(await post('token=x'), /exactly one logout_token/);
    const token = await signed();
    sent.push(token);
    await expectRefused(
      await post(
        new URLSearchParams([
          ['logout_token', token],
          ['logout_token', token],
        ]).toString(),
      ),
      /exactly one logout_token/,
    );
  });

  it('a 20 KB body → 400, no session ended', async () => {
    await expectRefused(await post(`logout_token=${'a'.repeat(20_000)}`), /too large/);
  });

  it('GET → 405, no session ended', async () => {
    const answer = await post('', undefined, 'GET');
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
    await expectNoSessionEnded();
  });
});

describe('bff-logout-token: valid tokens end exactly the sessions they name', () => {
  it('a sub-only token ends every session of that user; the same token again (replayed jti) → 400 and ends no new session', async () => {
    const ann = await signedIn('ann.viewer');
    const token = await signed({ sid: undefined, sub: 'usr_ann_viewer' });
    expect((await postToken(token)).status).toBe(200);
    expect(await statusOf(ann)).toBe(401);

    const annAgain = await signedIn('ann.viewer');
    await expectRefused(await postToken(token), /already used/);
    expect(await statusOf(annAgain)).toBe(200);
  });

  it('the sid of Jane’s IdP session → 200: her two tabs there are signed out; her other device and John are not', async () => {
    const answer = await postToken(await signed());
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const statuses = await Promise.all([janeTab, janeOtherTab, janeElsewhere, john].map(statusOf));
    expect(statuses).toEqual([401, 401, 200, 200]);
    expect(bff.logs).toContain('@sesame/bff: back-channel logout by sid: 2 session(s) ended');
  });

  it('the IdP’s own logout token (endUserSessions at the IdP) → John’s session ends, Jane’s other device stays', async () => {
    await bff.stack.idp.endUserSessions('usr_john_smith');
    expect(bff.stack.idp.logs).toContain('backchannel-logout client=bank-bff ok');
    expect(await statusOf(john)).toBe(401);
    expect(await statusOf(janeElsewhere)).toBe(200);
  });

  it('no logout token sent by any case appears in the BFF’s or the IdP’s log lines', () => {
    const logged = [...bff.logs, bff.stack.logged()].join('\n');
    expect(sent.length).toBeGreaterThan(20);
    for (const token of sent) {
      const signature = token.split('.')[2];
      if (signature) expect(logged).not.toContain(signature);
      expect(logged).not.toContain(token.split('.')[1]);
    }
  });
});
