/** The investments API's JSON shapes (apps/invest-api). Money is integer minor units + currency. */

export type AssetClass = 'equity' | 'bond' | 'real_estate' | 'cash';

export interface Holding {
  symbol: string;
  name: string;
  assetClass: AssetClass;
  quantity: number;
  priceMinor: number;
  valueMinor: number;
  /** Share of the portfolio, 0..1. */
  weight: number;
}

export interface Portfolio {
  currency: string;
  asOf: string;
  totalValueMinor: number;
  holdings: Holding[];
}

export interface PerformancePoint {
  date: string;
  valueMinor: number;
}

export interface Performance {
  currency: string;
  points: PerformancePoint[];
}

export interface Allocation {
  currency: string;
  items: { assetClass: AssetClass; valueMinor: number; weight: number }[];
}
