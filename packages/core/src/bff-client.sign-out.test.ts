// Signing out in BFF mode: unauthenticated at once, POST {baseUrl}/logout (CSRF header and Origin),
// then the IdP's end-session endpoint as a form POST (leave-page.ts), or staying.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBffClient } from './bff-client';
import { APP, lastNavigation, bffStackPerTest } from './testing/bff-harness';

const { stack, restart } = bffStackPerTest();
afterEach(() => {
  document.body.replaceChildren();
});

const logoutPosts = () => stack().bff.requests.filter((r) => r.path === '/bff/logout');

describe('signOut()', () => {
  it('is unauthenticated at once, ends the session at the BFF, then POSTs the end-session form to the IdP', async () => {
    const { client, navigate } = await stack().signedInPage();
    const signingOut = client.signOut();
    expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error: null });
    await signingOut;

    expect(logoutPosts()).toHaveLength(1);
    expect(logoutPosts()[0]!.headers).toMatchObject({ 'x-sesame-csrf': '1', origin: APP });
    expect(stack().bff.sessions.size).toBe(0);
    expect(stack().browser.cookies.size).toBe(0); // the BFF cleared its cookie
    const [url, form] = lastNavigation(navigate);
    expect(url).toBe(`${stack().bff.url}/idp/logout`);
    expect(Object.fromEntries(form!)).toEqual({
      client_id: 'bank-bff',
      post_logout_redirect_uri: `${APP}/`,
      state: expect.any(String),
    });
    expect(url).not.toContain('?'); // nothing in the URL

    // The browser posts it; the IdP sends it back to the app.
    const back = await stack().browser.visit(url, form);
    expect(back.url).toBe(`${APP}/`);
    expect(stack().bff.endSessionPosts).toHaveLength(1);
    expect(stack().bff.endSessionPosts[0]!.get('id_token_hint')).toBeNull();
  });

  it("with the default navigate, leaves by an HTML form POST (core's leavePage)", async () => {
    const submitted: HTMLFormElement[] = [];
    vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(function (
      this: HTMLFormElement,
    ) {
      submitted.push(this);
    });
    stack().browser.cookies.set('__Host-sesame', stack().bff.createSession());
    const client = createBffClient(); // no navigate setting
    stack().clients.push(client);
    await client.initialize();
    await client.signOut();
    expect(submitted).toHaveLength(1);
    expect(submitted[0]!.method).toBe('post');
    expect(submitted[0]!.action).toBe(`${stack().bff.url}/idp/logout`);
    expect(Object.keys(Object.fromEntries(new FormData(submitted[0]!)))).toEqual([
      'client_id',
      'post_logout_redirect_uri',
      'state',
    ]);
  });

  it('stays with redirect: false, and when the IdP has no end-session endpoint', async () => {
    const { client, navigate } = await stack().signedInPage();
    await client.signOut({ redirect: false });
    expect(navigate).not.toHaveBeenCalled();
    expect(stack().bff.sessions.size).toBe(0);

    await restart({ endSession: false });
    const other = await stack().signedInPage();
    await other.client.signOut();
    expect(other.navigate).not.toHaveBeenCalled();
    expect(stack().bff.sessions.size).toBe(0);
  });

  it('a BFF that had no session any more (401) is signed out already: it resolves and stays', async () => {
    const { client, navigate } = await stack().signedInPage();
    stack().bff.endAllSessions();
    await client.signOut();
    expect(logoutPosts()).toHaveLength(1);
    expect(navigate).not.toHaveBeenCalled();
    expect(client.getSnapshot().status).toBe('unauthenticated');
  });

  it('a BFF that cannot be reached: rejects sign_out_failed (retryable), stays signed out here, and ends the BFF session at the next check', async () => {
    const { client, navigate } = await stack().signedInPage();
    stack().bff.failWith = 503;
    await expect(client.signOut()).rejects.toMatchObject({
      code: 'sign_out_failed',
      step: 'sign_out',
      retryable: true,
    });
    expect(client.getSnapshot().status).toBe('unauthenticated');
    expect(stack().bff.sessions.size).toBe(1); // still alive at the BFF

    stack().bff.failWith = null;
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(stack().bff.sessions.size).toBe(0));
    await vi.waitFor(() => expect(stack().requestsTo('/bff/session')).toHaveLength(2));
    // The session the BFF still had when the check began was never taken back.
    expect(client.getSnapshot().status).toBe('unauthenticated');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('a check under way when signOut() starts cannot sign the user back in', async () => {
    const { client } = await stack().signedInPage();
    window.dispatchEvent(new Event('online')); // a check is now in flight
    await client.signOut({ redirect: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.getSnapshot().status).toBe('unauthenticated');
  });

  it('works from a page that never initialized (the state settles)', async () => {
    stack().browser.cookies.set('__Host-sesame', stack().bff.createSession());
    const { client } = stack().page();
    await client.signOut({ redirect: false });
    expect(stack().bff.sessions.size).toBe(0);
    await vi.waitFor(() =>
      expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error: null }),
    );
  });

  it('a sign-in right after waits until the BFF ended the old session', async () => {
    const { client, navigate } = await stack().signedInPage();
    void client.signOut({ redirect: false });
    await client.signIn({ returnTo: '/' });
    expect(stack().bff.sessions.size).toBe(0);
    expect(lastNavigation(navigate)[0]).toBe(`${APP}/bff/login?returnTo=%2F`);
  });
});
