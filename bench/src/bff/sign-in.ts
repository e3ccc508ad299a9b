// Signs a user in through a BFF over plain HTTP, as a browser would: /bff/login, the IdP's own
// login pages (completeLogin), back to /bff/callback with the sign-in cookie. What comes out is the
// session cookie, which the load generator then sends with every request.
import { completeLogin, USERS, type DemoUserName } from '@sesame/test-stack/real-idp';

/** `name=value` of each Set-Cookie line, skipping deletions. */
function cookiePairs(response: Response): string[] {
  return response.headers
    .getSetCookie()
    .filter((line) => !/;\s*max-age=0/i.test(line))
    .map((line) => line.split(';')[0]!.trim())
    .filter((pair) => !pair.endsWith('='));
}

/** Signs `user` in at the BFF on `origin` and returns the `Cookie` header of the new session. */
export async function signInThroughBff(
  origin: string,
  user: DemoUserName = 'jane',
): Promise<string> {
  const login = await fetch(`${origin}/bff/login?returnTo=%2F`, { redirect: 'manual' });
  const authorize = login.headers.get('location');
  if (login.status !== 302 || !authorize) {
    throw new Error(`/bff/login answered ${login.status}: ${await login.text()}`);
  }
  const callbackUrl = await completeLogin(authorize, USERS[user]);
  const callback = await fetch(callbackUrl, {
    redirect: 'manual',
    headers: { cookie: cookiePairs(login).join('; ') },
  });
  await callback.body?.cancel();
  // The session cookie, not the sign-in one (`<name>-login`, which may live on for other tabs).
  const session = cookiePairs(callback).filter((pair) => !/^[^=]*-login=/.test(pair));
  if (callback.status !== 302 || session.length !== 1) {
    throw new Error(`/bff/callback answered ${callback.status} without one session cookie`);
  }
  const cookie = session[0]!;
  const check = await fetch(`${origin}/bff/session`, {
    headers: { cookie, 'x-sesame-csrf': '1' },
  });
  if (check.status !== 200) throw new Error(`/bff/session answered ${check.status} after sign-in`);
  await check.body?.cancel();
  return cookie;
}
