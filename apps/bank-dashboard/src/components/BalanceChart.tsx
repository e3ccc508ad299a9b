import { useId } from 'react';
import { formatShortDay, formatDay } from '../lib/dates';
import { formatMoney } from '../lib/money';

export interface BalancePoint {
  date: string;
  minor: number;
}

const WIDTH = 600;
const HEIGHT = 160;

/** Rounds the axis out to "nice" steps so the labels read well (€12,000 rather than €11,873.20). */
function axisRange(min: number, max: number): [number, number] {
  const span = Math.max(max - min, 1);
  const step = 10 ** Math.floor(Math.log10(span));
  return [Math.floor(min / step) * step, Math.ceil(max / step) * step];
}

/** Summary a screen reader hears instead of the picture. */
export function describeBalances(points: readonly BalancePoint[], currency: string): string {
  if (points.length === 0) return 'No balance history.';
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const low = points.reduce((a, b) => (b.minor < a.minor ? b : a));
  const high = points.reduce((a, b) => (b.minor > a.minor ? b : a));
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    `From ${money(first.minor)} on ${formatDay(first.date)} to ${money(last.minor)} on ` +
    `${formatDay(last.date)}. Lowest ${money(low.minor)} on ${formatDay(low.date)}, highest ` +
    `${money(high.minor)} on ${formatDay(high.date)}.`
  );
}

/**
 * Balance over time as a small SVG area chart. Labels are HTML around the drawing, so they keep
 * their size at any width; the drawing itself stretches.
 */
export function BalanceChart({
  points,
  currency,
  title,
}: {
  points: readonly BalancePoint[];
  currency: string;
  title: string;
}) {
  const gradientId = useId();
  const titleId = useId();
  if (points.length < 2) return <p className="empty-state">Not enough history for a chart yet.</p>;
  const values = points.map((point) => point.minor);
  const [low, high] = axisRange(Math.min(...values), Math.max(...values));
  const x = (index: number) => (index / (points.length - 1)) * WIDTH;
  const y = (minor: number) => HEIGHT - ((minor - low) / (high - low)) * HEIGHT;
  const line = points
    .map(
      (point, index) => `${index ? 'L' : 'M'}${x(index).toFixed(1)},${y(point.minor).toFixed(1)}`,
    )
    .join(' ');
  const area = `${line} L${WIDTH},${HEIGHT} L0,${HEIGHT} Z`;
  const middle = (low + high) / 2;

  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart__title">
        {title}
      </figcaption>
      <div className="chart__body">
        <div className="chart__y-axis" aria-hidden="true">
          <span>{formatMoney(high, currency)}</span>
          <span>{formatMoney(middle, currency)}</span>
          <span>{formatMoney(low, currency)}</span>
        </div>
        <svg
          className="chart__plot"
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={describeBalances(points, currency)}
        >
          <defs>
            <linearGradient id={gradientId} x1="0" x2="0" y1="0" y2="1">
              <stop offset="0%" className="chart__fill-top" />
              <stop offset="100%" className="chart__fill-bottom" />
            </linearGradient>
          </defs>
          {[0, HEIGHT / 2, HEIGHT].map((gridY) => (
            <line key={gridY} className="chart__grid" x1="0" x2={WIDTH} y1={gridY} y2={gridY} />
          ))}
          <path d={area} fill={`url(#${gradientId})`} />
          <path d={line} className="chart__line" />
        </svg>
      </div>
      <div className="chart__x-axis" aria-hidden="true">
        <span>{formatShortDay(points[0]!.date)}</span>
        <span>{formatShortDay(points[Math.floor(points.length / 2)]!.date)}</span>
        <span>{formatShortDay(points[points.length - 1]!.date)}</span>
      </div>
    </figure>
  );
}
