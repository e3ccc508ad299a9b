// RP-initiated logout: by form POST unless told otherwise, so the ID token is in no URL.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAuthError } from './errors';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { createAuthClient } from './client';
import { resolveSettings } from './settings';
import { APP, makeClient, resetBrowser, signedIn } from './testing/harness';

const JWT = /eyJ[\w-]*\.[\w-]+\.[\w-]*/;

let idp: FakeIdp;
beforeEach(async () => {
  resetBrowser();
  idp = await startFakeIdp();
});
afterEach(async () => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
  await idp.stop();
});

describe('RP-initiated logout', () => {
  it('posts id_token_hint in a form to the end-session endpoint; no URL it uses holds a JWT', async () => {
    const { client, navigate } = await signedIn(idp);
    const idToken = JSON.parse(Object.values({ ...sessionStorage })[0] as string).id_token;
    expect(idToken).toMatch(JWT);
    const fetched = vi.spyOn(globalThis, 'fetch');
    navigate.mockClear();
    await client.signOut();

    expect(navigate).toHaveBeenCalledTimes(1);
    const [action, form] = navigate.mock.calls[0]!;
    expect(action).toBe(`${idp.issuer}/logout`);
    expect(Object.fromEntries(form!)).toMatchObject({
      id_token_hint: idToken,
      post_logout_redirect_uri: `${APP}/`,
    });
    const urls = [action, ...fetched.mock.calls.map(([input]) => String(input))];
    for (const url of urls) expect(url).not.toMatch(JWT);
  });

  it("submits a hidden form of the parameters with Sesame's default navigate", async () => {
    const submitted: HTMLFormElement[] = [];
    vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(function (
      this: HTMLFormElement,
    ) {
      submitted.push(this);
    });
    await signedIn(idp);
    // The next page load, whose client leaves pages the default way.
    const { navigate: _spy, ...settings } = makeClient(idp).client.settings;
    await createAuthClient(settings).signOut();

    expect(submitted).toHaveLength(1);
    const form = submitted[0]!;
    expect([form.method, form.action]).toEqual(['post', `${idp.issuer}/logout`]);
    expect(new FormData(form).get('id_token_hint')).toMatch(JWT);
    expect(form.action).not.toMatch(JWT);
  });

  it("endSessionMethod: 'get' is the fallback: a redirect with id_token_hint in the query", async () => {
    const { client, navigate } = await signedIn(idp, { endSessionMethod: 'get' });
    navigate.mockClear();
    await client.signOut();

    expect(navigate).toHaveBeenCalledTimes(1);
    expect(navigate.mock.calls[0]).toHaveLength(1); // no form: a GET
    const url = new URL(navigate.mock.calls[0]![0]);
    expect(url.origin + url.pathname).toBe(`${idp.issuer}/logout`);
    expect(url.searchParams.get('id_token_hint')).toMatch(JWT);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${APP}/`);
  });

  it('refuses an endSessionMethod other than post or get', () => {
    expect(() =>
      resolveSettings({
        authority: 'https://idp.example',
        client_id: 'app',
        redirect_uri: 'https://app.example/callback',
        endSessionMethod: 'POST' as 'post',
      }),
    ).toThrow(/endSessionMethod must be "post" or "get"/);
  });
});

describe('token revocation at sign-out is best effort', () => {
  const logged = () => {
    const messages: string[] = [];
    return { messages, logger: { debug: (message: string) => void messages.push(message) } };
  };

  it('a revocation the IdP refuses (401, it wants client authentication) is logged, and sign-out goes on', async () => {
    const strict = await startFakeIdp({ revocationNeedsClientAuth: true });
    const { messages, logger } = logged();
    const { client, navigate } = await signedIn(strict, { logger });
    navigate.mockClear();

    await expect(client.signOut()).resolves.toBeUndefined();
    expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error: null });
    expect(sessionStorage.getItem(`sesame.user:bank-dashboard@${strict.issuer}`)).toBeNull();
    expect(strict.counters.revocations).toBe(2);
    expect(messages.filter((message) => message === 'token revocation failed')).toHaveLength(2);
    expect(navigate).toHaveBeenCalledTimes(1); // the end-session step ran
    expect(navigate.mock.calls[0]![0]).toBe(`${strict.issuer}/logout`);

    // Again: the refused revocation is not asked again; the end-session step runs again.
    await expect(client.signOut()).resolves.toBeUndefined();
    expect(strict.counters.revocations).toBe(2);
    expect(navigate).toHaveBeenCalledTimes(2);
    await strict.stop();
  });

  it('a revocation endpoint that drops the connection does not block sign-out either', async () => {
    const { client, navigate } = await signedIn(idp);
    navigate.mockClear();
    const fetched = vi.spyOn(globalThis, 'fetch');
    const revocations = () =>
      fetched.mock.calls.filter(([input]) => String(input) === `${idp.issuer}/revoke`).length;
    idp.setMode('down');
    await expect(client.signOut()).resolves.toBeUndefined();
    expect(client.getSnapshot().status).toBe('unauthenticated');
    expect(revocations()).toBe(2);
    expect(navigate).toHaveBeenCalledTimes(1);
    idp.setMode('up');
    await client.signOut();
    expect(revocations()).toBe(2); // the two failed ones, not sent again
  });

  it("is skipped when discovery's revocation_endpoint_auth_methods_supported lacks none", async () => {
    const strict = await startFakeIdp({ revocationAuthMethods: ['client_secret_basic'] });
    const { messages, logger } = logged();
    const { client, navigate } = await signedIn(strict, { logger });
    navigate.mockClear();
    await client.signOut();
    expect(strict.counters.revocations).toBe(0);
    expect(messages).toContain('token revocation skipped');
    expect(navigate).toHaveBeenCalledTimes(1);
    await strict.stop();
  });

  it('revokes when the listed methods include none', async () => {
    const open = await startFakeIdp({ revocationAuthMethods: ['client_secret_basic', 'none'] });
    const { client } = await signedIn(open);
    await client.signOut();
    expect(open.counters.revocations).toBe(2);
    await open.stop();
  });

  it('an IdP unreachable at sign-out: signed out here, sign_out_failed (retryable), and the next signOut() revokes and ends the session', async () => {
    (await signedIn(idp)).client.dispose(); // the page unloads
    // A new page load: discovery is not fetched yet, and fails this once.
    const { client, navigate } = makeClient(idp);
    const realFetch = globalThis.fetch;
    const fetchSpy = vi
      .spyOn(globalThis, 'fetch')
      .mockImplementationOnce(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await client.signOut().catch((caught: unknown) => caught);
    expect(isAuthError(error, 'sign_out_failed')).toBe(true);
    expect(error).toMatchObject({ retryable: true });
    expect(client.getSnapshot().status).toBe('unauthenticated');
    expect(sessionStorage.length).toBe(0); // no logout left for: no state kept either
    expect(navigate).not.toHaveBeenCalled();

    fetchSpy.mockImplementation(realFetch);
    await client.signOut();
    expect(idp.counters.revocations).toBe(2);
    expect(navigate).toHaveBeenCalledTimes(1);
  });
});

describe("RP-initiated logout's state", () => {
  async function leaveForLogout() {
    const { client, navigate } = await signedIn(idp);
    await client.signOut();
    client.dispose(); // the page leaves for the IdP
    return navigate.mock.calls.at(-1)![1]!.get('state');
  }
  /** The page loads again at `url`; returns what the new client logged about the logout's return. */
  async function comeBack(url: string) {
    window.history.replaceState(null, '', url);
    const logged: unknown[] = [];
    const debug = (message: string, data?: unknown) => {
      if (message === 'back from sign-out') logged.push(data);
    };
    const { client } = makeClient(idp, { logger: { debug } });
    await client.initialize();
    expect(client.getSnapshot().status).toBe('unauthenticated');
    return logged;
  }

  it('sends a fresh state with post_logout_redirect_uri and checks it when the IdP sends the browser back', async () => {
    const state = await leaveForLogout();
    expect(state).toMatch(/^[\w-]{20,}$/);
    expect(await comeBack(`${APP}/?state=${state}`)).toEqual([{ stateOk: true }]);
    expect(window.location.href).toBe(`${APP}/`); // the state leaves the address bar
    expect(sessionStorage.length).toBe(0); // checked once
    expect(await comeBack(`${APP}/?state=${state}`)).toEqual([]);
  });

  it('a return with an unknown or no state is harmless, and logged', async () => {
    await leaveForLogout();
    expect(await comeBack(`${APP}/?state=forged`)).toEqual([{ stateOk: false }]);
    expect(window.location.href).toBe(`${APP}/?state=forged`); // not ours: left alone
    await leaveForLogout();
    expect(await comeBack(`${APP}/`)).toEqual([{ stateOk: false }]);
  });

  it('sends no state without post_logout_redirect_uri (the IdP will not come back)', async () => {
    const { client, navigate } = await signedIn(idp, {
      post_logout_redirect_uri: undefined as unknown as string,
    });
    await client.signOut();
    const form = navigate.mock.calls.at(-1)![1]!;
    expect(form.get('id_token_hint')).toMatch(JWT);
    expect(form.has('state')).toBe(false);
    expect(form.has('post_logout_redirect_uri')).toBe(false);
  });
});
