import { describe, expect, it } from 'vitest';
import { formatIban, isValidIban, makeIban, normalizeIban } from './iban.js';

describe('IBAN', () => {
  it('accepts well-known valid IBANs, with or without spaces', () => {
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('de89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
  });

  it('refuses wrong check digits, wrong lengths and junk', () => {
    expect(isValidIban('DE88370400440532013000')).toBe(false);
    expect(isValidIban('DE8937040044053201300')).toBe(false);
    expect(isValidIban('XX')).toBe(false);
    expect(isValidIban('DE89-3704-0044-0532-0130-00')).toBe(false);
  });

  it('builds IBANs whose check digits pass mod-97', () => {
    const iban = makeIban('DE', '900900420000000042');
    expect(iban).toMatch(/^DE\d{20}$/);
    expect(isValidIban(iban)).toBe(true);
    expect(makeIban('DE', '370400440532013000')).toBe('DE89370400440532013000');
  });

  it('formats and normalizes', () => {
    expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
    // Blocks of four with no trailing space, whatever the length.
    expect(formatIban('NL91ABNA0417164300')).toBe('NL91 ABNA 0417 1643 00');
    expect(formatIban('BE68539007547034')).toBe('BE68 5390 0754 7034');
    expect(formatIban('DE8')).toBe('DE8');
    expect(formatIban('')).toBe('');
    expect(normalizeIban(' de89 3704 ')).toBe('DE893704');
  });
});
