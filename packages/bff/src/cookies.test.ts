import { describe, expect, it } from 'vitest';
import { clearedCookie, loginCookie, readCookie, sessionCookie } from './cookies';

describe('cookies', () => {
  it('writes the session cookie HttpOnly, SameSite=Strict, Path=/, no Domain, Secure', () => {
    const cookie = sessionCookie('__Host-sesame', 'abc', { secure: true });
    expect(cookie).toBe('__Host-sesame=abc; Path=/; HttpOnly; SameSite=Strict; Secure');
    expect(cookie).not.toMatch(/domain|max-age|expires/i);
  });

  it('drops Secure only when told (plain-http development)', () => {
    expect(sessionCookie('sesame', 'abc', { secure: false })).toBe(
      'sesame=abc; Path=/; HttpOnly; SameSite=Strict',
    );
  });

  it('writes the sign-in cookie SameSite=Lax (it must survive the IdP redirect) and short-lived', () => {
    expect(loginCookie('__Host-sesame-login', 'v', 600, { secure: true })).toBe(
      '__Host-sesame-login=v; Path=/; Max-Age=600; HttpOnly; SameSite=Lax; Secure',
    );
  });

  it('clears with the same attributes and Max-Age=0', () => {
    expect(clearedCookie('__Host-sesame', { secure: true })).toBe(
      '__Host-sesame=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure',
    );
  });

  it('reads one cookie by exact name, first occurrence', () => {
    const header = 'a=1; __Host-sesame-login=L; __Host-sesame=S; __Host-sesame=T';
    expect(readCookie(header, '__Host-sesame')).toBe('S');
    expect(readCookie(header, '__Host-sesame-login')).toBe('L');
    expect(readCookie(header, 'sesame')).toBeUndefined();
    expect(readCookie(null, 'a')).toBeUndefined();
    expect(readCookie('broken; a=1', 'a')).toBe('1');
  });
});
