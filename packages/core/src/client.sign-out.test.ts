// RP-initiated logout: by form POST unless told otherwise, so the ID token is in no URL.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
