import { describe, expect, it } from 'vitest';
import { formatIban, isValidIban, normalizeIban } from './iban';

describe('IBAN helpers', () => {
  it('accepts valid IBANs whatever the spacing and case', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('gb82west12345698765432')).toBe(true);
  });
  it('refuses a wrong check digit, a bad shape or an empty string', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130 01')).toBe(false);
    expect(isValidIban('DE8937040044')).toBe(false);
    expect(isValidIban('')).toBe(false);
    expect(isValidIban('1234 5678 9012 3456')).toBe(false);
  });
  it('normalizes and groups', () => {
    expect(normalizeIban(' de89-3704 0044 ')).toBe('DE8937040044');
    expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
  });
});
