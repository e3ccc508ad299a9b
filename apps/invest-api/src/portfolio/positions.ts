import { INSTRUMENTS, noise, type Instrument } from './instruments.js';

/** A customer's holding of one fund: a whole number of units. */
export interface Position {
  readonly instrument: Instrument;
  readonly quantity: number;
}

/** What a customer owns: fund positions and uninvested cash (cents). */
export interface Positions {
  readonly funds: readonly Position[];
  readonly cashMinor: number;
}

/**
 * A customer's positions, derived from their `sub` alone: the same customer always owns the same
 * funds, on every restart and in every test, and two customers differ. Between 4 and all 7 funds,
 * each worth roughly 1,000 to 21,000 EUR when bought.
 */
export function positionsOf(sub: string): Positions {
  const funds = INSTRUMENTS.filter(
    (instrument, index) => index < 4 || noise(`${sub}:holds:${instrument.symbol}`) > 0,
  ).map((instrument) => {
    const budgetMinor =
      100_000 + Math.round((noise(`${sub}:size:${instrument.symbol}`) + 1) * 1_000_000);
    return {
      instrument,
      quantity: Math.max(1, Math.round(budgetMinor / instrument.basePriceMinor)),
    };
  });
  const cashMinor = 5_000 + Math.round((noise(`${sub}:cash`) + 1) * 250_000);
  return { funds, cashMinor };
}
