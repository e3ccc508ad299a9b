/** Currencies the bank holds accounts in, with their number of minor-unit digits. */
export const CURRENCY_DIGITS: Readonly<Record<string, number>> = { EUR: 2 };

export function isSupportedCurrency(currency: string): boolean {
  return Object.hasOwn(CURRENCY_DIGITS, currency);
}

/** The largest single transfer the bank accepts, in minor units (one million euros). */
export const MAX_TRANSFER_MINOR = 100_000_000;

export type AmountProblem =
  'not_a_string' | 'not_a_decimal' | 'too_many_decimals' | 'not_positive' | 'too_large';

const PROBLEM_MESSAGES: Record<AmountProblem, string> = {
  not_a_string: 'amount must be a decimal string such as "12.34"',
  not_a_decimal: 'amount must be a positive decimal number such as "12.34"',
  too_many_decimals: 'amount has more decimals than the currency allows',
  not_positive: 'amount must be greater than zero',
  too_large: 'amount exceeds the per-transfer limit',
};

export function amountProblemMessage(problem: AmountProblem): string {
  return PROBLEM_MESSAGES[problem];
}

/**
 * Parses a decimal amount string ("12.34") into integer minor units without ever going through a
 * binary float. Numbers are refused on purpose: `0.1 + 0.2` is how money goes missing.
 */
export function parseAmount(
  value: unknown,
  digits = 2,
): { ok: true; minor: number } | { ok: false; problem: AmountProblem } {
  if (typeof value !== 'string') return { ok: false, problem: 'not_a_string' };
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(value);
  if (match === null) return { ok: false, problem: 'not_a_decimal' };
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return { ok: false, problem: 'too_many_decimals' };
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (minor <= 0) return { ok: false, problem: 'not_positive' };
  if (minor > MAX_TRANSFER_MINOR) return { ok: false, problem: 'too_large' };
  return { ok: true, minor };
}

/** Formats minor units as a plain decimal string ("-12.30"), for messages and references. */
export function formatMinor(minor: number, digits = 2): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const unit = 10 ** digits;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, '0')}`;
}
