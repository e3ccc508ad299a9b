import { afterEach, describe, expect, it, vi } from 'vitest';
import { CookieJar } from './cookie-jar';

describe('CookieJar', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends cookies back to the same host and matching paths only', () => {
    const jar = new CookieJar();
    jar.store('http://127.0.0.1:4000/auth', ['_session=s1; path=/; httponly; samesite=lax']);
    jar.store('http://127.0.0.1:4000/auth', ['_interaction=i1; path=/interaction/abc; httponly']);
    expect(jar.header('http://127.0.0.1:4000/token')).toBe('_session=s1');
    expect(jar.header('http://127.0.0.1:4000/interaction/abc/login')).toBe(
      '_interaction=i1; _session=s1',
    );
    expect(jar.header('http://127.0.0.1:4000/interaction/abcd')).toBe('_session=s1');
    expect(jar.header('http://localhost:4000/token')).toBeUndefined();
    expect(jar.names('127.0.0.1')).toEqual(['_session', '_interaction']);
  });

  it('honours Expires, Max-Age (which wins) and deletion', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const jar = new CookieJar();
    jar.store('http://h.test/', [
      'a=1; Path=/; Expires=Tue, 01 Jan 2030 00:00:10 GMT',
      'b=2; Path=/; Max-Age=5; Expires=Tue, 01 Jan 2030 01:00:00 GMT',
    ]);
    expect(jar.header('http://h.test/')).toBe('a=1; b=2');
    vi.setSystemTime(new Date('2030-01-01T00:00:06Z'));
    expect(jar.header('http://h.test/')).toBe('a=1');
    jar.store('http://h.test/', ['a=; path=/; expires=Thu, 01 Jan 1970 00:00:01 GMT']);
    expect(jar.header('http://h.test/')).toBeUndefined();
  });

  it('keeps Secure cookies off plain http, and clear() forgets everything', () => {
    const jar = new CookieJar();
    jar.store('https://h.test/', ['s=1; Secure; Path=/']);
    expect(jar.header('http://h.test/')).toBeUndefined();
    expect(jar.header('https://h.test/')).toBe('s=1');
    jar.clear();
    expect(jar.header('https://h.test/')).toBeUndefined();
  });
});
