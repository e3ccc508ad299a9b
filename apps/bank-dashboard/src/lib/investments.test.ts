import { describe, expect, it } from 'vitest';
import { assetClassLabel, change, formatShare } from './investments';

describe('investment figures', () => {
  it('name asset classes for people', () => {
    expect(assetClassLabel('real_estate')).toBe('Real estate');
    expect(assetClassLabel('equity')).toBe('Equities');
  });

  it('format shares with one decimal', () => {
    expect(formatShare(0.1234)).toBe('12.3%');
    expect(formatShare(1)).toBe('100.0%');
  });

  it('measure the change over a series, also when it starts at zero or is empty', () => {
    expect(change([1000, 1100, 1200])).toEqual({ minor: 200, share: 0.2 });
    expect(change([1000, 900])).toEqual({ minor: -100, share: -0.1 });
    expect(change([0, 5])).toEqual({ minor: 5, share: 0 });
    expect(change([])).toEqual({ minor: 0, share: 0 });
  });
});
