import type { Request } from '@playwright/test';
import { test, expect } from '../fixtures/test';

// Three base64url segments, the first a JSON header ("{" is "ey", '{"' is "eyJ"): a JWS such as an ID token.
const JWT = /eyJ[\w-]*\.[\w-]+\.[\w-]*/;

test.describe('signing out by form POST', () => {
  test('no URL of the journey holds a JWT: the ID token goes to the IdP in a POST body, and the IdP still ends the session', async ({
    page,
    context,
    stack,
    signIn,
  }) => {
    const urls: string[] = [];
    const requests: Request[] = [];
    page.on('framenavigated', (frame) => urls.push(frame.url()));
    context.on('request', (request) => {
      requests.push(request);
      urls.push(request.url());
      const referer = request.headers()['referer'];
      if (referer) urls.push(referer);
    });

    await signIn('jane.doe');
    await expect(page.getByTestId('session-indicator')).toContainText('Jane Doe');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${stack.dashboard.url}/`);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

    // The logout request was a POST with the ID token in its body, not in its URL.
    const endSession = `${stack.idp.url}/session/end`;
    const logout = requests.find((request) => request.url() === endSession);
    expect(logout?.method()).toBe('POST');
    expect(new URLSearchParams(logout?.postData() ?? '').get('id_token_hint')).toMatch(JWT);
    expect(stack.idp.counters().endSessions).toBe(1);
    // Back with the logout's state, which Sesame checked and took out of the address bar.
    expect(urls).toContainEqual(expect.stringMatching(`^${stack.dashboard.url}/\\?state=[\\w-]+$`));
    expect(page.url()).toBe(`${stack.dashboard.url}/`);

    // Every URL seen (navigations, requests, Referer headers) and every history entry.
    const cdp = await context.newCDPSession(page);
    const { entries } = await cdp.send('Page.getNavigationHistory');
    urls.push(...entries.map((entry) => entry.url));
    expect(entries.length).toBeGreaterThan(2);
    expect(urls.filter((url) => JWT.test(url))).toEqual([]);

    // The IdP session is over: signing in again asks for the password.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByLabel('Password')).toBeVisible();
  });
});
