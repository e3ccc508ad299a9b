import { describe, expect, it } from 'vitest';
import { clockTime, countdown, showClaim } from './format';

describe('format', () => {
  it('counts down in seconds, minutes and hours, and past the end', () => {
    expect(countdown(65_000, 0)).toBe('1m 05s');
    expect(countdown(42_000, 0)).toBe('42s');
    expect(countdown(3_725_000, 0)).toBe('1h 02m 05s');
    expect(countdown(0, 3_000)).toBe('expired 3s ago');
    expect(countdown(Infinity, 0)).toBe('never');
    expect(countdown(null, 0)).toBe('unknown');
  });

  it('shows time claims as dates, other claims as they are', () => {
    expect(showClaim('exp', 2_000_000_000)).toBe('2033-05-18T03:33:20.000Z (2000000000)');
    expect(showClaim('name', 'Jane')).toBe('Jane');
    expect(showClaim('email_verified', true)).toBe('true');
    expect(showClaim('address', { country: 'IE' })).toBe('{"country":"IE"}');
  });

  it('writes a wall-clock time with milliseconds', () => {
    expect(clockTime(new Date(2026, 0, 2, 3, 4, 5, 6).getTime())).toBe('03:04:05.006');
  });
});
