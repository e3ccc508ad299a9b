// Upstream redirects through the node:http adapter, with a client that follows redirects the way a
// page's fetch would (same method, body, CSRF header, Origin and session cookie on a same-origin
// 307): a less trusted upstream must not be able to bounce the browser into /bff/api/bank as the user.
import { describe, expect, it } from 'vitest';
import { echoStackSignedInAsJane } from './test-support/echo-stack';

describe('upstream redirects through the node:http adapter', () => {
  const { stack, echo, browser } = echoStackSignedInAsJane((echoUrl) => ({
    adapter: 'node',
    apis: { echo: { url: echoUrl }, hopping: { url: echoUrl, allowRedirects: true } },
  }));

  /** POSTs a transfer-shaped body to `/bff/api/<api>/redirect`, following redirects like a page. */
  async function postFollowing(api: string, status: number, to: string): Promise<Response> {
    const query = new URLSearchParams({ status: String(status), to });
    return fetch(`${stack().origin}/bff/api/${api}/redirect?${query}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
        'x-sesame-csrf': '1',
        origin: stack().origin,
        cookie: browser().cookieHeader()!,
      },
      body: JSON.stringify({ toAccountId: 'acc_evil', amount: '9999.00', currency: 'EUR' }),
      redirect: 'follow',
    });
  }

  for (const [label, api, to] of [
    ['a relative 307 to /bff/api/bank/transfers', 'echo', () => '/bff/api/bank/transfers'],
    [
      'an absolute 307 to the app’s origin',
      'echo',
      () => `${stack().origin}/bff/api/bank/transfers`,
    ],
    ['a relative 307, API with allowRedirects', 'hopping', () => '/bff/api/bank/transfers'],
    [
      'an absolute 307 to the app’s origin, API with allowRedirects',
      'hopping',
      () => `${stack().origin}/bff/api/bank/transfers`,
    ],
    [
      'a scheme-relative 308 to the app’s host, API with allowRedirects',
      'hopping',
      () => `//${new URL(stack().origin).host}/bff/api/bank/transfers`,
    ],
  ] as const) {
    it(`${label} → 502 upstream_redirect_refused, nothing reaches the bank API, the session intact`, async () => {
      const bankRequests = stack().api.requestLog.length;
      const echoed = echo().requests.length;
      const cookie = browser().cookieHeader();
      const status = label.includes('308') ? 308 : 307;
      const response = await postFollowing(api, status, to());
      expect(response.status).toBe(502);
      expect(response.redirected).toBe(false);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await response.json()).toMatchObject({ error: 'upstream_redirect_refused' });
      // The upstream was asked once; the redirect's target never.
      expect(echo().requests.length).toBe(echoed + 1);
      expect(stack().api.requestLog.length).toBe(bankRequests);
      expect(browser().cookieHeader()).toBe(cookie);
      expect((await browser().fetch('/bff/session')).status).toBe(200);
      expect(stack().logs.at(-2)).toMatch(
        /^POST \/bff\/api\/\w+\/redirect 502 \d+ms upstream_redirect_refused \(Error: upstream 30[78] to the app's own origin: http:\/\/127\.0\.0\.1:\d+\/bff\/api\/bank\/transfers\)$/,
      );
    });
  }

  it('a 302 to another origin: 502 upstream_redirect_refused by default; passed back as is with allowRedirects', async () => {
    const elsewhere = 'https://files.example/statement.pdf?sig=abc';
    const query = `status=302&to=${encodeURIComponent(elsewhere)}`;
    const refused = await browser().fetch(`/bff/api/echo/redirect?${query}`);
    expect(refused.status).toBe(502);
    expect((await refused.json()).error).toBe('upstream_redirect_refused');
    expect(stack().logs.at(-1)).toContain(
      'upstream 302 to https://files.example/statement.pdf; the API does not set allowRedirects',
    );
    expect(stack().logs.at(-1)).not.toContain('sig=abc');
    const passed = await browser().fetch(`/bff/api/hopping/redirect?${query}`);
    expect(passed.status).toBe(302);
    expect(passed.headers.get('location')).toBe(elsewhere);
    expect(await passed.text()).toBe('moved');
  });
});
