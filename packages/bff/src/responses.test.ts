import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BffError } from './errors';
import { errorNoteOf, errorPage, json, jsonError, redirect } from './responses';

describe('responses', () => {
  it('write the security headers on JSON and redirects', () => {
    for (const response of [json(200, {}), redirect('/x')]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('answer errors as { error, error_description } and note the code for the log', async () => {
    const cause = new Error('inner');
    const response = jsonError(new BffError('csrf_failed', 'No header.', { status: 403, cause }));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: 'csrf_failed',
      error_description: 'No header.',
    });
    expect(errorNoteOf(response)).toEqual({ code: 'csrf_failed', cause });
  });

  it('keep several Set-Cookie headers apart', () => {
    const response = json(200, {}, [
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ]);
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });
});

describe('errorPage', () => {
  const page = errorPage(
    new BffError('callback_error', 'x', {
      status: 400,
      oauthError: 'access_denied',
      oauthErrorDescription: '<script>alert(1)</script> "quoted"',
    }),
  );

  it('runs no script, loads nothing, and has a strict CSP that allows its one style', async () => {
    const html = await page.clone().text();
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'none'");
    const style = /<style>(.*?)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(html).not.toMatch(/<script|http-equiv="refresh"/i);
  });

  it("shows the code and the IdP's words escaped, and links back to the app without redirecting", async () => {
    const html = await page.text();
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(html).toContain('data-error-code="callback_error"');
    expect(html).toContain('access_denied');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;');
    expect(html).toContain('<a href="/">Back to the app</a>');
  });
});
