import { describe, expect, it } from 'vitest';
import { MAX_TRANSFER_MINOR, formatMinor, parseAmount } from './money.js';

describe('parseAmount', () => {
  it.each([
    ['12.34', 1234],
    ['12.3', 1230],
    ['12', 1200],
    ['0.01', 1],
    ['1000000.00', MAX_TRANSFER_MINOR],
  ])('parses %j to %d minor units', (input, minor) => {
    expect(parseAmount(input)).toEqual({ ok: true, minor });
  });

  it.each([
    [12.34, 'not_a_string'],
    [null, 'not_a_string'],
    ['-5.00', 'not_a_decimal'],
    ['abc', 'not_a_decimal'],
    ['1e3', 'not_a_decimal'],
    ['12.', 'not_a_decimal'],
    ['.5', 'not_a_decimal'],
    [' 12', 'not_a_decimal'],
    ['1,50', 'not_a_decimal'],
    ['12.345', 'too_many_decimals'],
    ['0', 'not_positive'],
    ['0.00', 'not_positive'],
    ['1000000.01', 'too_large'],
    ['9999999999999', 'not_a_decimal'],
  ])('refuses %j (%s)', (input, problem) => {
    expect(parseAmount(input)).toEqual({ ok: false, problem });
  });

  it('never goes through floating point', () => {
    expect(parseAmount('0.29')).toEqual({ ok: true, minor: 29 });
    expect(parseAmount('1.15')).toEqual({ ok: true, minor: 115 });
    expect(parseAmount('4.35')).toEqual({ ok: true, minor: 435 });
  });
});

describe('formatMinor', () => {
  it('formats signed minor units', () => {
    expect(formatMinor(1234)).toBe('12.34');
    expect(formatMinor(-5)).toBe('-0.05');
    expect(formatMinor(0)).toBe('0.00');
  });
});
