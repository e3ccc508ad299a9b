import type { AssetClass } from '../api/invest-types';
import { LOCALE } from './money';

const ASSET_CLASS_LABELS: Record<AssetClass, string> = {
  equity: 'Equities',
  bond: 'Bonds',
  real_estate: 'Real estate',
  cash: 'Cash',
};

/** `real_estate` → `Real estate`. */
export const assetClassLabel = (assetClass: AssetClass): string =>
  ASSET_CLASS_LABELS[assetClass] ?? assetClass;

const percent = new Intl.NumberFormat(LOCALE, {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** A share 0..1 → `12.3%`. */
export const formatShare = (share: number): string => percent.format(share);

/** The change from the first to the last value, in minor units and as a share of the first. */
export function change(values: readonly number[]): { minor: number; share: number } {
  const first = values[0] ?? 0;
  const last = values[values.length - 1] ?? 0;
  return { minor: last - first, share: first === 0 ? 0 : (last - first) / first };
}
