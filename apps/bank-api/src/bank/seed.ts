import { addDays } from './clock.js';
import type { Account, AccountType, Card, CustomerRecords, Transaction } from './model.js';
import { makeIban } from './iban.js';
import { seededRandom, shortHash, type SeededRandom } from './random.js';
import { sesameIban, type SeedProfile } from './seed-profiles.js';

/** How far back seeded history goes, in days before the anchor date. */
export const HISTORY_DAYS = 180;

/** A balance the seed keeps every account above, so that no seeded day ends overdrawn. */
const MINIMUM_SEEDED_BALANCE = 25_000;

interface Movement {
  bookedAt: string;
  amountMinor: number;
  description: string;
  counterpartyName: string;
  counterpartyIban: string | undefined;
  category: string;
}

const CARD_MERCHANTS: readonly { name: string; category: string; min: number; max: number }[] = [
  { name: 'FreshMart', category: 'groceries', min: 1_250, max: 9_800 },
  { name: 'Corner Grocer', category: 'groceries', min: 450, max: 3_900 },
  { name: 'Green Basket Organic', category: 'groceries', min: 1_800, max: 7_200 },
  { name: 'Trattoria Sole', category: 'restaurants', min: 2_200, max: 6_800 },
  { name: 'Café Morgenrot', category: 'restaurants', min: 480, max: 1_900 },
  { name: 'City Transit', category: 'transport', min: 290, max: 980 },
  { name: 'Rail Connect', category: 'transport', min: 2_990, max: 8_900 },
  { name: 'Lumen Books', category: 'shopping', min: 1_299, max: 4_599 },
  { name: 'Apotheke am Markt', category: 'health', min: 395, max: 2_850 },
];

function at(day: string, random: SeededRandom, fromHour = 7, toHour = 21): string {
  const hour = String(random.int(fromHour, toHour)).padStart(2, '0');
  const minute = String(random.int(0, 59)).padStart(2, '0');
  return `${day}T${hour}:${minute}:00.000Z`;
}

function accountNumber(seed: string): string {
  return String(parseInt(shortHash(seed, 10), 16) % 10_000_000_000).padStart(10, '0');
}

// Counterparties bank elsewhere (a fictitious bank code), so their IBANs never match ours.
function externalIban(seed: string): string {
  return makeIban('DE', `70050000${accountNumber(seed)}`);
}

function checkingMovements(profile: SeedProfile, days: string[], random: SeededRandom): Movement[] {
  const movements: Movement[] = [];
  for (const day of days) {
    const dayOfMonth = Number(day.slice(8, 10));
    const month = day.slice(0, 7);
    const today: Movement[] = [];
    if (dayOfMonth === 1) {
      today.push({
        bookedAt: at(day, random, 6, 9),
        amountMinor: -profile.rentMinor,
        description: `Rent ${month}`,
        counterpartyName: profile.landlord,
        counterpartyIban: externalIban(`landlord:${profile.sub}`),
        category: 'housing',
      });
    }
    if (dayOfMonth === 3) {
      today.push({
        bookedAt: `${day}T08:00:00.000Z`,
        amountMinor: -profile.monthlySavingsMinor,
        description: 'Standing order to savings',
        counterpartyName: profile.name,
        counterpartyIban: undefined,
        category: 'savings',
      });
    }
    if (dayOfMonth === 5) {
      today.push({
        bookedAt: at(day, random, 6, 10),
        amountMinor: -random.int(5_800, 11_400),
        description: 'Electricity and water',
        counterpartyName: 'Stadtwerke Energie',
        counterpartyIban: externalIban('utility'),
        category: 'utilities',
      });
    }
    if (dayOfMonth === 15) {
      today.push({
        bookedAt: at(day, random),
        amountMinor: -1_399,
        description: 'Streaming subscription',
        counterpartyName: 'StreamBox',
        counterpartyIban: undefined,
        category: 'subscriptions',
      });
    }
    if (dayOfMonth === 25) {
      today.push({
        bookedAt: at(day, random, 6, 9),
        amountMinor: profile.salaryMinor,
        description: `Salary ${month}`,
        counterpartyName: profile.employer,
        counterpartyIban: externalIban(`employer:${profile.employer}`),
        category: 'income',
      });
    }
    const purchases = random.chance(0.55) ? random.int(1, 2) : 0;
    for (let i = 0; i < purchases; i += 1) {
      const merchant = random.pick(CARD_MERCHANTS);
      today.push({
        bookedAt: at(day, random),
        amountMinor: -random.int(merchant.min, merchant.max),
        description: `Card payment ${merchant.name}`,
        counterpartyName: merchant.name,
        counterpartyIban: undefined,
        category: merchant.category,
      });
    }
    today.sort((a, b) => a.bookedAt.localeCompare(b.bookedAt));
    movements.push(...today);
  }
  return movements;
}

function savingsMovements(profile: SeedProfile, days: string[], openingMinor: number): Movement[] {
  const movements: Movement[] = [];
  let balance = openingMinor;
  for (const day of days) {
    const dayOfMonth = Number(day.slice(8, 10));
    if (dayOfMonth === 3) {
      balance += profile.monthlySavingsMinor;
      movements.push({
        bookedAt: `${day}T08:00:00.000Z`,
        amountMinor: profile.monthlySavingsMinor,
        description: 'Standing order from checking',
        counterpartyName: profile.name,
        counterpartyIban: undefined,
        category: 'savings',
      });
    }
    const nextDay = addDays(day, 1);
    const quarterEnd =
      nextDay.endsWith('-01') && ['01', '04', '07', '10'].includes(nextDay.slice(5, 7));
    if (quarterEnd && balance > 0) {
      const interest = Math.floor(balance * 0.005);
      balance += interest;
      movements.push({
        bookedAt: `${day}T23:00:00.000Z`,
        amountMinor: interest,
        description: 'Interest',
        counterpartyName: 'Sesame Bank',
        counterpartyIban: undefined,
        category: 'interest',
      });
    }
  }
  return movements;
}

function buildAccount(
  profile: SeedProfile,
  type: AccountType,
  openingWanted: number,
  movements: Movement[],
): Account {
  // Raise the opening balance if the generated history would ever dip below the floor.
  let running = 0;
  let lowest = 0;
  for (const movement of movements) {
    running += movement.amountMinor;
    lowest = Math.min(lowest, running);
  }
  const opening = Math.max(openingWanted, MINIMUM_SEEDED_BALANCE - lowest);
  const id = `acc_${profile.key}_${type}`;
  let balance = opening;
  const transactions: Transaction[] = movements.map((movement, seq) => {
    balance += movement.amountMinor;
    return {
      id: `txn_${profile.key}_${type.slice(0, 3)}_${String(seq).padStart(5, '0')}`,
      seq,
      accountId: id,
      currency: 'EUR',
      reference: undefined,
      transferId: undefined,
      balanceAfterMinor: balance,
      ...movement,
    };
  });
  return {
    id,
    ownerSub: profile.sub,
    type,
    name: type === 'checking' ? 'Everyday Checking' : 'Savings',
    iban: sesameIban(accountNumber(`${profile.sub}:${type}`)),
    currency: 'EUR',
    openedOn: profile.customerSince,
    openingBalanceMinor: opening,
    balanceMinor: balance,
    transactions,
  };
}

/**
 * Builds one customer's bank from their profile. The result depends only on the profile and the
 * anchor date: history covers the {@link HISTORY_DAYS} days before the anchor date.
 */
export function seedCustomer(profile: SeedProfile, anchorDate: string): CustomerRecords {
  const days = Array.from({ length: HISTORY_DAYS }, (_, i) =>
    addDays(anchorDate, i - HISTORY_DAYS),
  );
  const random = seededRandom(`history:${profile.sub}`);
  const checking = buildAccount(
    profile,
    'checking',
    profile.checkingOpeningMinor,
    checkingMovements(profile, days, random),
  );
  const savings = buildAccount(
    profile,
    'savings',
    profile.savingsOpeningMinor,
    savingsMovements(profile, days, profile.savingsOpeningMinor),
  );
  const cards: Card[] = profile.cards.map((card, index) => ({
    id: `card_${profile.key}_${index + 1}`,
    ownerSub: profile.sub,
    accountId: checking.id,
    holderName: profile.name,
    issuedAt: `${addDays(anchorDate, -400 + index * 200)}T10:00:00.000Z`,
    ...card,
  }));
  return {
    customer: {
      sub: profile.sub,
      name: profile.name,
      email: profile.email,
      customerSince: profile.customerSince,
    },
    accounts: [checking, savings],
    payees: profile.payees.map((payee, index) => ({
      id: `payee_${profile.key}_${index + 1}`,
      ownerSub: profile.sub,
      ...payee,
    })),
    cards,
  };
}
