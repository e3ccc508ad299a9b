import { makeIban } from './iban.js';
import { seededRandom, shortHash } from './random.js';

/** What the seed needs to know to build one customer's bank. */
export interface SeedProfile {
  readonly sub: string;
  /** Stable identifier fragment: readable for demo users, a hash of `sub` otherwise. */
  readonly key: string;
  readonly name: string;
  readonly email: string;
  readonly customerSince: string;
  readonly employer: string;
  readonly salaryMinor: number;
  readonly landlord: string;
  readonly rentMinor: number;
  readonly monthlySavingsMinor: number;
  readonly checkingOpeningMinor: number;
  readonly savingsOpeningMinor: number;
  readonly payees: readonly { name: string; iban: string }[];
  readonly cards: readonly {
    brand: 'visa' | 'mastercard';
    last4: string;
    expiry: string;
    status: 'active' | 'frozen';
  }[];
}

/** The mock bank's own (fictitious) German bank code: clearing area 9 is not in use. */
export const SESAME_BANK_CODE = '90090042';

/** A DE IBAN at the mock bank for a 10-digit account number. */
export function sesameIban(accountNumber: string): string {
  return makeIban('DE', `${SESAME_BANK_CODE}${accountNumber}`);
}

const DEMO_PROFILES: readonly SeedProfile[] = [
  {
    sub: 'usr_jane_doe',
    key: 'jane',
    name: 'Jane Doe',
    email: 'jane.doe@example.com',
    customerSince: '2016-04-11',
    employer: 'Northwind Analytics GmbH',
    salaryMinor: 412_500,
    landlord: 'Hausverwaltung Lindenhof',
    rentMinor: 138_000,
    monthlySavingsMinor: 50_000,
    checkingOpeningMinor: 284_350,
    savingsOpeningMinor: 1_825_000,
    payees: [
      { name: 'Lena Fischer', iban: makeIban('DE', '500105175407324931') },
      { name: 'Hausverwaltung Lindenhof', iban: makeIban('DE', '100200300000456789') },
      { name: 'Pieter de Vries', iban: makeIban('NL', 'ABNA0417164300') },
    ],
    cards: [{ brand: 'visa', last4: '4821', expiry: '09/28', status: 'active' }],
  },
  {
    sub: 'usr_john_smith',
    key: 'john',
    name: 'John Smith',
    email: 'john.smith@example.com',
    customerSince: '2020-09-02',
    employer: 'Contoso Logistics AG',
    salaryMinor: 356_000,
    landlord: 'Wohnbau Süd eG',
    rentMinor: 112_500,
    monthlySavingsMinor: 30_000,
    checkingOpeningMinor: 196_020,
    savingsOpeningMinor: 640_000,
    payees: [
      { name: 'Mary Smith', iban: makeIban('AT', '1904300234573201') },
      { name: 'Sportverein Blau-Weiss', iban: makeIban('DE', '370400440532013000') },
    ],
    cards: [
      { brand: 'mastercard', last4: '7730', expiry: '02/27', status: 'frozen' },
      { brand: 'mastercard', last4: '1154', expiry: '11/29', status: 'active' },
    ],
  },
  {
    sub: 'usr_ann_viewer',
    key: 'ann',
    name: 'Ann Viewer',
    email: 'ann.viewer@example.com',
    customerSince: '2022-01-17',
    employer: 'Fabrikam Research',
    salaryMinor: 298_000,
    landlord: 'Stadtwohnen GmbH',
    rentMinor: 94_000,
    monthlySavingsMinor: 20_000,
    checkingOpeningMinor: 151_775,
    savingsOpeningMinor: 312_500,
    payees: [{ name: 'Tom Viewer', iban: makeIban('NL', 'INGB0001234567') }],
    cards: [{ brand: 'visa', last4: '3306', expiry: '05/28', status: 'active' }],
  },
];

const FIRST_NAMES = [
  'Alex',
  'Sam',
  'Maria',
  'Noah',
  'Emma',
  'Luca',
  'Mia',
  'Jonas',
  'Sofia',
  'Ben',
];
const LAST_NAMES = ['Keller', 'Novak', 'Garcia', 'Jansen', 'Rossi', 'Weber', 'Dubois', 'Berg'];
const EMPLOYERS = ['Tailspin Toys', 'Adventure Works', 'Litware Inc.', 'Proseware GmbH'];
const LANDLORDS = ['Wohnbau Nord', 'City Apartments KG', 'Haus & Hof Verwaltung'];

/** A stable profile for any `sub` that is not a demo user, derived from a hash of the `sub`. */
function generatedProfile(sub: string): SeedProfile {
  const random = seededRandom(`profile:${sub}`);
  const key = shortHash(sub);
  const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
  const digits = () => String(random.int(0, 9_999_999_999)).padStart(10, '0');
  return {
    sub,
    key,
    name,
    email: `customer-${key.slice(0, 8)}@example.com`,
    customerSince: `20${random.int(10, 23)}-0${random.int(1, 9)}-1${random.int(0, 9)}`,
    employer: random.pick(EMPLOYERS),
    salaryMinor: random.int(220_000, 520_000),
    landlord: random.pick(LANDLORDS),
    rentMinor: random.int(70_000, 160_000),
    monthlySavingsMinor: random.int(5, 40) * 1_000,
    checkingOpeningMinor: random.int(50_000, 400_000),
    savingsOpeningMinor: random.int(0, 2_000_000),
    payees: [
      {
        name: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`,
        iban: makeIban('DE', `50010517${digits()}`),
      },
      { name: random.pick(LANDLORDS), iban: makeIban('DE', `10020030${digits()}`) },
    ],
    cards: [
      {
        brand: random.chance(0.5) ? 'visa' : 'mastercard',
        last4: String(random.int(0, 9999)).padStart(4, '0'),
        expiry: `${String(random.int(1, 12)).padStart(2, '0')}/${random.int(27, 30)}`,
        status: 'active',
      },
    ],
  };
}

/** The seed profile for a `sub`: fixed for the demo users, generated for everyone else. */
export function seedProfileFor(sub: string): SeedProfile {
  return DEMO_PROFILES.find((profile) => profile.sub === sub) ?? generatedProfile(sub);
}

/** The subs with hand-written seed data. */
export const DEMO_SUBS: readonly string[] = DEMO_PROFILES.map((profile) => profile.sub);
