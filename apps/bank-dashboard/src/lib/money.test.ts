import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney, parseAmount } from './money';

describe('formatMoney', () => {
  it('formats minor units as euros with grouping and two decimals', () => {
    expect(formatMoney(123456, 'EUR')).toBe('€1,234.56');
    expect(formatMoney(5, 'EUR')).toBe('€0.05');
    expect(formatMoney(-2603, 'EUR')).toBe('-€26.03');
  });
  it('puts a plus on credits only when asked, never on zero', () => {
    expect(formatMoney(1000, 'EUR', { signed: true })).toBe('+€10.00');
    expect(formatMoney(-1000, 'EUR', { signed: true })).toBe('-€10.00');
    expect(formatMoney(0, 'EUR', { signed: true })).toBe('€0.00');
  });
  it('knows currencies without minor units', () => {
    expect(currencyDigits('JPY')).toBe(0);
    expect(formatMoney(1500, 'JPY')).toBe('JP¥1,500');
  });
});

describe('parseAmount', () => {
  it.each([
    ['25', 2500, '25.00'],
    ['25.5', 2550, '25.50'],
    ['0.01', 1, '0.01'],
    ['1,250.00', 125000, '1250.00'],
    ['€ 12.30', 1230, '12.30'],
    ['12,30', 1230, '12.30'],
    [' 007.10 ', 710, '7.10'],
    ['1000000', 100_000_000, '1000000.00'],
    ['12.', 1200, '12.00'],
  ])('reads %j as %d minor units (%s)', (input, minor, decimal) => {
    expect(parseAmount(input)).toEqual({ ok: true, minor, decimal });
  });

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['abc', 'not_a_number'],
    ['12.3.4', 'not_a_number'],
    ['1,25,0', 'not_a_number'],
    ['1e3', 'not_a_number'],
    ['0x10', 'not_a_number'],
    ['-5', 'not_positive'],
    ['0', 'not_positive'],
    ['0.00', 'not_positive'],
    ['1.234', 'too_many_decimals'],
    ['1000000.01', 'too_large'],
    ['99999999999999999999', 'too_large'],
  ])('refuses %j (%s)', (input, problem) => {
    expect(parseAmount(input)).toEqual({ ok: false, problem });
  });

  it('never goes through floating point: 0.1 + 0.2 style amounts stay exact', () => {
    expect(parseAmount('0.29')).toMatchObject({ minor: 29 });
    expect(parseAmount('1.15')).toMatchObject({ minor: 115 });
    expect(parseAmount('4.35')).toMatchObject({ minor: 435 });
  });
});
