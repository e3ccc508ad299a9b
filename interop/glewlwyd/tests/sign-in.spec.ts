// Sign-in through Glewlwyd's own pages and a call to the bank API with the access token it issued.
import { BANK_AUDIENCE } from '../harness/stack';
import { expect, test } from '../harness/fixtures';
import { JANE, signIn } from '../harness/glewlwyd-pages';
import { decodeJwt, storedTokens } from '../harness/observations';

test('signs in at Glewlwyd (login, consent, "Continue") with code + PKCE, and shows the profile claims', async ({
  page,
  stack,
  provider,
}) => {
  const callbackParams: string[][] = [];
  page.on('framenavigated', (frame) => {
    const url = new URL(frame.url());
    if (
      frame === page.mainFrame() &&
      url.origin === stack.app.url &&
      url.searchParams.has('code')
    ) {
      callbackParams.push([...url.searchParams.keys()].sort());
    }
  });

  await signIn(page);

  await expect(page.getByTestId('status')).toHaveText('authenticated');
  await expect(page.getByTestId('name')).toHaveText(JANE.name);
  await expect(page.getByTestId('email')).toHaveText(JANE.email);
  // The authorization response was consumed and removed from the address bar.
  expect(new URL(page.url()).search).toBe('');
  // Glewlwyd sends RFC 9207's `iss` with the code (without announcing it in discovery).
  expect(callbackParams).toEqual([['code', 'iss', 'session_state', 'state']]);

  const authorize = provider.to('/api/oidc/auth').map((request) => request.params);
  expect(authorize[0]).toEqual(
    expect.arrayContaining([
      'code_challenge',
      'code_challenge_method',
      'nonce',
      'resource',
      'state',
    ]),
  );
  const exchanges = provider.grants('authorization_code');
  expect(exchanges.map((request) => request.status)).toEqual([200]);
  expect(exchanges[0]!.params).toContain('code_verifier');

  // Glewlwyd's userinfo answers the app's access token from the browser (CORS), for the same user.
  const tokens = await storedTokens(page);
  const userinfo = await page.evaluate(
    async ({ url, token }) =>
      (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json(),
    { url: `${stack.issuer}/userinfo`, token: tokens!.accessToken },
  );
  expect(userinfo).toMatchObject({
    sub: decodeJwt(tokens!.idToken!).claims.sub,
    name: JANE.name,
    email: JANE.email,
  });
});

test("calls the bank API with Glewlwyd's JWT access token (at+jwt, ES256, the bank as audience)", async ({
  page,
  stack,
  bankCalls,
}) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Call the bank' }).click();

  await expect(page.getByTestId('bank')).toHaveText('200 accounts:read email openid profile');
  const tokens = await storedTokens(page);
  const { header, claims } = decodeJwt(tokens!.accessToken);
  expect(header).toMatchObject({ typ: 'at+jwt', alg: 'ES256' });
  expect(claims).toMatchObject({ iss: stack.issuer, client_id: 'sesame-interop' });
  expect([claims.aud].flat()).toContain(BANK_AUDIENCE);
  expect(bankCalls()).toEqual(['GET /me 200']);
});

test('refuses an authorization response naming another issuer (RFC 9207), before redeeming the code', async ({
  page,
  provider,
}) => {
  // A mix-up attack's shape: Glewlwyd's redirect back to the app, with `iss` changed on the way.
  await page.route('**/api/oidc/auth?*', async (route) => {
    const response = await route.fetch({ maxRedirects: 0 });
    const location = response.headers().location;
    if (location === undefined || !location.includes('code=')) return route.fulfill({ response });
    const tampered = new URL(location);
    tampered.searchParams.set('iss', 'https://attacker.example/api/oidc');
    await route.fulfill({ response, headers: { ...response.headers(), location: tampered.href } });
  });

  await signIn(page, undefined, { expect: 'error' });

  await expect(page.getByTestId('error')).toHaveText('callback_invalid');
  expect(provider.grants('authorization_code')).toHaveLength(0);
});
