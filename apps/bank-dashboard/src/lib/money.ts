/** The bank's display locale: euro amounts as customers in the eurozone read them in English. */
export const LOCALE = 'en-IE';

/** The largest single transfer the bank accepts, in minor units (1,000,000.00). */
export const MAX_TRANSFER_MINOR = 100_000_000;

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, signed: boolean): Intl.NumberFormat {
  const key = `${currency}:${signed}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, {
      style: 'currency',
      currency,
      signDisplay: signed ? 'exceptZero' : 'auto',
    });
    formatters.set(key, format);
  }
  return format;
}

/** Digits after the decimal point for `currency` (2 for EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  return formatter(currency, false).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Formats integer minor units: `formatMoney(123456, 'EUR')` → `€1,234.56`.
 * `signed` puts a `+` on credits (transaction lists); debits always show their `−`.
 */
export function formatMoney(minor: number, currency: string, options: { signed?: boolean } = {}) {
  const major = minor / 10 ** currencyDigits(currency);
  return formatter(currency, options.signed ?? false).format(major);
}

export type AmountProblem =
  'required' | 'not_a_number' | 'not_positive' | 'too_many_decimals' | 'too_large';

export type ParsedAmount =
  | { ok: true; minor: number; /** What the API wants: `"1234.50"`. */ decimal: string }
  | { ok: false; problem: AmountProblem };

const PROBLEM_TEXT: Record<AmountProblem, string> = {
  required: 'Enter an amount.',
  not_a_number: 'Enter the amount as a number, for example 25.00.',
  not_positive: 'The amount must be more than zero.',
  too_many_decimals: 'Use at most two decimal places.',
  too_large: 'A single transfer can be at most €1,000,000.00.',
};

export function amountProblemText(problem: AmountProblem): string {
  return PROBLEM_TEXT[problem];
}

/**
 * Reads an amount the way people type it: `25`, `25.5`, `1,250.00`, `€ 12.30`, or `12,30` (a comma
 * followed by one or two digits is a decimal comma). Never goes through floating point.
 */
export function parseAmount(input: string, digits = 2): ParsedAmount {
  let text = input.replace(/[\s\u00a0€]/g, '');
  if (text === '') return { ok: false, problem: 'required' };
  if (text.startsWith('-')) return { ok: false, problem: 'not_positive' };
  if (!text.includes('.') && /^\d+,\d{1,2}$/.test(text)) text = text.replace(',', '.');
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d*)?$/.test(text)) return { ok: false, problem: 'not_a_number' };
  const [whole = '', fraction = ''] = text.replace(/,/g, '').split('.');
  if (fraction.length > digits) return { ok: false, problem: 'too_many_decimals' };
  const wholeDigits = whole.replace(/^0+(?=\d)/, '');
  if (wholeDigits.length > 12) return { ok: false, problem: 'too_large' };
  const minor = Number(wholeDigits) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (minor === 0) return { ok: false, problem: 'not_positive' };
  if (minor > MAX_TRANSFER_MINOR) return { ok: false, problem: 'too_large' };
  const decimal = digits === 0 ? wholeDigits : `${wholeDigits}.${fraction.padEnd(digits, '0')}`;
  return { ok: true, minor, decimal };
}
