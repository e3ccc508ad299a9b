// A sign-out at the IdP, as the customer does it there: the end-session page with the IdP's session
// cookie, then "Sign out" on its confirmation (logout=yes ends the whole IdP session). The IdP then
// POSTs a logout_token to the BFF's back-channel endpoint and answers once the BFF has.
import type { CookieJar } from '@sesame/test-stack/real-idp';

async function post(url: string, jar: CookieJar, form: Record<string, string>): Promise<Response> {
  const cookie = jar.header(url);
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(form),
  });
  jar.store(url, response.headers.getSetCookie());
  return response;
}

/** Ends the IdP session held in `jar` through the IdP's own pages; resolves after its confirmation. */
export async function signOutAtIdp(issuer: string, jar: CookieJar): Promise<void> {
  const endSession = `${issuer}/session/end`;
  const page = await post(endSession, jar, { client_id: 'bank-bff' });
  const html = await page.text();
  const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(html)?.[1];
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !xsrf) throw new Error(`no logout form at the IdP (${page.status})`);
  const confirm = await post(new URL(action, endSession).href, jar, { xsrf, logout: 'yes' });
  if (confirm.status !== 303) throw new Error(`the IdP's sign-out answered ${confirm.status}`);
}
