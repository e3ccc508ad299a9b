// A browser-like realm in a plain Node process: jsdom's window, document, history and Web Storage
// become globals, while Node keeps its own fetch, crypto (WebCrypto), typed arrays, TextEncoder and
// URL. That is the split Vitest's jsdom environment plus @sesame/test-stack/node-realm gives the
// core and react tests, so the libraries run here as they do in those tests; the IdP runs in the
// same process (jose needs Node's Uint8Array, which stays).
import { JSDOM } from 'jsdom';

/** Globals Node already has and that must stay Node's. */
const KEEP = new Set([
  'fetch',
  'Request',
  'Response',
  'Headers',
  'FormData',
  'AbortController',
  'AbortSignal',
  'crypto',
  'Crypto',
  'CryptoKey',
  'SubtleCrypto',
  'TextEncoder',
  'TextDecoder',
  'URL',
  'URLSearchParams',
  'Blob',
  'File',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'structuredClone',
  'performance',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'queueMicrotask',
]);

/** The window's property names, including those its prototypes define (addEventListener, ...). */
function windowKeys(window: object): Set<string> {
  const keys = new Set<string>();
  for (
    let at: object | null = window;
    at && at !== Object.prototype;
    at = Object.getPrototypeOf(at)
  ) {
    for (const key of Object.getOwnPropertyNames(at)) if (key !== 'constructor') keys.add(key);
  }
  return keys;
}

/**
 * Installs jsdom's window as the global realm at `url` (so `window === globalThis`, as in Vitest's
 * jsdom environment): each window property Node lacks becomes a global, its functions bound to the
 * window (constructors, capitalised, are left alone). Call once, before importing the libraries.
 */
export function installJsdomRealm(url: string): JSDOM {
  const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', {
    url,
    pretendToBeVisual: true,
  });
  const window = dom.window as unknown as Record<string, unknown>;
  const global = globalThis as unknown as Record<string, unknown>;
  // Node has these too, but the page's events and objects must be the window's.
  const overridden = [
    'document',
    'navigator',
    'location',
    'history',
    'Event',
    'EventTarget',
    'CustomEvent',
  ];
  for (const key of windowKeys(dom.window)) {
    if (KEEP.has(key) || key.startsWith('_') || key === 'window' || key === 'self') continue;
    if (key in global && !overridden.includes(key)) continue;
    let bound: unknown;
    Object.defineProperty(global, key, {
      configurable: true,
      enumerable: true,
      get: () => {
        const value = window[key];
        if (typeof value !== 'function' || /^[A-Z]/.test(key)) return value;
        bound ??= (value as (...args: unknown[]) => unknown).bind(dom.window);
        return bound;
      },
      set: (value: unknown) => {
        window[key] = value;
        bound = undefined;
      },
    });
  }
  for (const key of ['window', 'self', 'top', 'parent']) {
    Object.defineProperty(global, key, { configurable: true, get: () => globalThis });
  }
  return dom;
}
