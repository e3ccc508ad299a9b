import { afterAll, describe, expect, it } from 'vitest';
import { installJsdomRealm } from './jsdom';

// Runs in Vitest's node environment: this file turns its own worker into the jsdom realm.
const nodeFetch = globalThis.fetch;
const nodeCrypto = globalThis.crypto;
const dom = installJsdomRealm('http://localhost:3000/start');
afterAll(() => dom.window.close());

describe('the jsdom realm', () => {
  it('makes window the global object, at the given URL, with jsdom history and Web Storage', () => {
    expect(window).toBe(globalThis);
    expect(window.location.href).toBe('http://localhost:3000/start');
    window.history.replaceState(null, '', '/next?x=1');
    expect(location.pathname).toBe('/next');
    sessionStorage.setItem('k', 'v');
    expect(dom.window.sessionStorage.getItem('k')).toBe('v');
  });

  it('keeps Node’s fetch and WebCrypto (jsdom has neither fetch nor crypto.subtle)', () => {
    expect(globalThis.fetch).toBe(nodeFetch);
    expect(globalThis.crypto).toBe(nodeCrypto);
    expect(typeof crypto.subtle.digest).toBe('function');
  });

  it('exposes inherited window members, bound, and the window’s own Event classes', () => {
    let seen = 0;
    const listener = () => {
      seen += 1;
    };
    window.addEventListener('popstate', listener);
    window.dispatchEvent(new PopStateEvent('popstate'));
    dom.window.dispatchEvent(new Event('popstate'));
    window.removeEventListener('popstate', listener);
    expect(seen).toBe(2);
  });
});
