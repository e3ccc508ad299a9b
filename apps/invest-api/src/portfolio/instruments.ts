import { createHash } from 'node:crypto';
import { dayNumber } from './calendar.js';

/** Kinds of investment, for the allocation breakdown. */
export type AssetClass = 'equity' | 'bond' | 'real_estate' | 'cash';

/** A made-up fund the demo bank sells. */
export interface Instrument {
  readonly symbol: string;
  readonly name: string;
  readonly assetClass: Exclude<AssetClass, 'cash'>;
  /** Price on 2020-01-01, in euro cents. */
  readonly basePriceMinor: number;
  /** Yearly trend, e.g. 0.06 for +6 % a year. */
  readonly yearlyDrift: number;
  /** Size of the day-to-day swings, as a share of the price. */
  readonly swing: number;
}

/** The catalogue: invented names, so nobody mistakes the demo for market data. */
export const INSTRUMENTS: readonly Instrument[] = [
  {
    symbol: 'SSWE',
    name: 'Sesame World Equity',
    assetClass: 'equity',
    basePriceMinor: 8_450,
    yearlyDrift: 0.07,
    swing: 0.04,
  },
  {
    symbol: 'SSEU',
    name: 'Sesame Europe Index',
    assetClass: 'equity',
    basePriceMinor: 4_210,
    yearlyDrift: 0.05,
    swing: 0.05,
  },
  {
    symbol: 'SSTC',
    name: 'Sesame Tech Leaders',
    assetClass: 'equity',
    basePriceMinor: 12_600,
    yearlyDrift: 0.11,
    swing: 0.08,
  },
  {
    symbol: 'SSEM',
    name: 'Sesame Emerging Markets',
    assetClass: 'equity',
    basePriceMinor: 2_980,
    yearlyDrift: 0.04,
    swing: 0.07,
  },
  {
    symbol: 'SSGB',
    name: 'Sesame Government Bonds',
    assetClass: 'bond',
    basePriceMinor: 10_150,
    yearlyDrift: 0.01,
    swing: 0.01,
  },
  {
    symbol: 'SSCB',
    name: 'Sesame Corporate Bonds',
    assetClass: 'bond',
    basePriceMinor: 5_320,
    yearlyDrift: 0.02,
    swing: 0.015,
  },
  {
    symbol: 'SSRE',
    name: 'Sesame Real Estate',
    assetClass: 'real_estate',
    basePriceMinor: 3_640,
    yearlyDrift: 0.03,
    swing: 0.03,
  },
];

/** A stable number in [-1, 1) from a text: the same text, the same number, on every machine. */
export function noise(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 31 - 1;
}

/**
 * An instrument's closing price on a day, in cents: a trend, a slow wave and a small daily jitter,
 * each a pure function of the symbol and the day, so any day's price is known without a history.
 */
export function priceOn(instrument: Instrument, day: string): number {
  const t = dayNumber(day);
  const trend = 1 + (instrument.yearlyDrift * t) / 365;
  const phase = (noise(instrument.symbol) + 1) * Math.PI;
  const wave = 1 + instrument.swing * Math.sin(t / 23 + phase);
  const jitter = 1 + (instrument.swing / 4) * noise(`${instrument.symbol}:${day}`);
  return Math.max(1, Math.round(instrument.basePriceMinor * trend * wave * jitter));
}
