import { addDays } from './calendar.js';
import { priceOn, type AssetClass } from './instruments.js';
import type { Positions } from './positions.js';

export const CURRENCY = 'EUR';

/** One line of the holdings table. */
export interface HoldingView {
  readonly symbol: string;
  readonly name: string;
  readonly assetClass: AssetClass;
  readonly quantity: number;
  readonly priceMinor: number;
  readonly valueMinor: number;
  /** Share of the portfolio's value, 0..1, rounded to 4 decimals. */
  readonly weight: number;
}

const share = (part: number, whole: number): number =>
  whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;

/** The positions valued at a day's closing prices, largest first; cash is a line of its own. */
export function holdingsOn(positions: Positions, day: string): HoldingView[] {
  const lines = positions.funds.map(({ instrument, quantity }) => {
    const priceMinor = priceOn(instrument, day);
    return {
      symbol: instrument.symbol,
      name: instrument.name,
      assetClass: instrument.assetClass as AssetClass,
      quantity,
      priceMinor,
      valueMinor: priceMinor * quantity,
    };
  });
  lines.push({
    symbol: 'CASH',
    name: 'Cash (EUR)',
    assetClass: 'cash',
    quantity: 1,
    priceMinor: positions.cashMinor,
    valueMinor: positions.cashMinor,
  });
  const total = totalOf(lines);
  return lines
    .map((line) => ({ ...line, weight: share(line.valueMinor, total) }))
    .sort((a, b) => b.valueMinor - a.valueMinor || a.symbol.localeCompare(b.symbol));
}

function totalOf(lines: readonly { valueMinor: number }[]): number {
  return lines.reduce((sum, line) => sum + line.valueMinor, 0);
}

/** `GET /portfolio`. */
export function portfolioView(positions: Positions, today: string) {
  const holdings = holdingsOn(positions, today);
  return { currency: CURRENCY, asOf: today, totalValueMinor: totalOf(holdings), holdings };
}

/** `GET /portfolio/performance`: the portfolio's value at each of the last `days` closes, oldest first. */
export function performanceView(positions: Positions, today: string, days: number) {
  const points = [];
  for (let back = days - 1; back >= 0; back -= 1) {
    const date = addDays(today, -back);
    points.push({ date, valueMinor: totalOf(holdingsOn(positions, date)) });
  }
  return { currency: CURRENCY, points };
}

/** `GET /portfolio/allocation`: value per asset class, largest first. */
export function allocationView(positions: Positions, today: string) {
  const holdings = holdingsOn(positions, today);
  const byClass = new Map<AssetClass, number>();
  for (const line of holdings) {
    byClass.set(line.assetClass, (byClass.get(line.assetClass) ?? 0) + line.valueMinor);
  }
  const total = totalOf(holdings);
  const items = [...byClass]
    .map(([assetClass, valueMinor]) => ({
      assetClass,
      valueMinor,
      weight: share(valueMinor, total),
    }))
    .sort((a, b) => b.valueMinor - a.valueMinor);
  return { currency: CURRENCY, items };
}
