import { describe, expect, it } from 'vitest';
import { escapeHtml, html, SafeHtml } from './html';
import { consentPage, loginPage } from './interaction-pages';

describe('html', () => {
  it('escapes interpolated values but not SafeHtml', () => {
    const name = '<img src=x onerror=alert(1)>';
    expect(html`<p title="${'"x"'}">${name}${new SafeHtml('<b>ok</b>')}</p>`.value).toBe(
      '<p title="&quot;x&quot;">&lt;img src=x onerror=alert(1)&gt;<b>ok</b></p>',
    );
    expect(escapeHtml(`'&`)).toBe('&#39;&amp;');
  });

  it('escapes the client name on the login and consent pages', () => {
    const evil = '<script>steal()</script>';
    for (const page of [
      loginPage({ nonce: 'n', uid: 'u', clientName: evil }),
      consentPage({ nonce: 'n', uid: 'u', clientName: evil, userName: evil, scopes: ['openid'] }),
    ]) {
      expect(page).not.toContain('<script>steal');
      expect(page).toContain('&lt;script&gt;steal()&lt;/script&gt;');
    }
  });
});
