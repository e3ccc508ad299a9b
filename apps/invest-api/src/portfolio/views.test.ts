import { describe, expect, it } from 'vitest';
import { positionsOf } from './positions.js';
import { allocationView, performanceView, portfolioView } from './views.js';

const DAY = '2025-03-15';

describe('portfolio views', () => {
  it('are deterministic per customer and differ between customers', () => {
    const jane = portfolioView(positionsOf('usr_jane_doe'), DAY);
    expect(portfolioView(positionsOf('usr_jane_doe'), DAY)).toEqual(jane);
    expect(portfolioView(positionsOf('usr_ann_viewer'), DAY)).not.toEqual(jane);
  });

  it('add up: holdings to the total, weights to 1, allocation to the total', () => {
    const positions = positionsOf('usr_john_smith');
    const portfolio = portfolioView(positions, DAY);
    const sum = portfolio.holdings.reduce((total, line) => total + line.valueMinor, 0);
    expect(sum).toBe(portfolio.totalValueMinor);
    for (const line of portfolio.holdings) {
      expect(line.valueMinor).toBe(line.priceMinor * line.quantity);
    }
    const weights = portfolio.holdings.reduce((total, line) => total + line.weight, 0);
    expect(weights).toBeCloseTo(1, 2);
    const allocation = allocationView(positions, DAY);
    expect(allocation.items.reduce((total, item) => total + item.valueMinor, 0)).toBe(sum);
    expect(new Set(allocation.items.map((item) => item.assetClass))).toContain('cash');
  });

  it('give one point per day, oldest first, ending at today’s total', () => {
    const positions = positionsOf('usr_jane_doe');
    const { points } = performanceView(positions, DAY, 30);
    expect(points).toHaveLength(30);
    expect(points[0]?.date).toBe('2025-02-14');
    expect(points.at(-1)).toEqual({
      date: DAY,
      valueMinor: portfolioView(positions, DAY).totalValueMinor,
    });
    // Prices move: a flat line would make a useless chart.
    expect(new Set(points.map((point) => point.valueMinor)).size).toBeGreaterThan(20);
  });
});
