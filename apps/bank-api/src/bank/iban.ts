/** IBAN lengths for the countries the mock bank and its seed data use (ISO 13616 registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AT: 20,
  BE: 16,
  CH: 21,
  DE: 22,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  IE: 22,
  IT: 27,
  LU: 20,
  NL: 18,
  PT: 25,
};

/** Removes spaces and upper-cases, the way IBANs are typed by people. */
export function normalizeIban(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

// ISO 7064 mod 97-10 over the rearranged IBAN with letters as 10..35, computed in chunks so that
// no intermediate value exceeds a safe integer.
function mod97(rearranged: string): number {
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/** True when `value` (after {@link normalizeIban}) is a structurally valid IBAN. */
export function isValidIban(value: string): boolean {
  const iban = normalizeIban(value);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const expectedLength = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expectedLength !== undefined && iban.length !== expectedLength) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** Builds an IBAN from a country code and BBAN by computing the two check digits. */
export function makeIban(country: string, bban: string): string {
  const check = 98 - mod97(`${bban}${country}00`);
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

/** Groups an IBAN in blocks of four, as printed on statements. */
export function formatIban(iban: string): string {
  // A loop rather than a regular expression: every account and payee view calls this.
  let formatted = iban.slice(0, 4);
  for (let start = 4; start < iban.length; start += 4)
    formatted += ` ${iban.slice(start, start + 4)}`;
  return formatted;
}
