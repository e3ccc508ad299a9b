import type { PerformancePoint } from '../api/invest-types';
import { formatDay } from '../lib/dates';
import { BalanceChart } from './BalanceChart';
import { Money } from './Money';

/**
 * The portfolio's value over time: the overview's SVG chart (whose picture has a spoken summary),
 * and every figure in a table under a disclosure, for anyone who wants the numbers rather than the
 * shape (screen readers, keyboard users, people checking a day).
 */
export function PerformanceChart({
  points,
  currency,
  title,
}: {
  points: readonly PerformancePoint[];
  currency: string;
  title: string;
}) {
  return (
    <div className="performance">
      <BalanceChart
        points={points.map((point) => ({ date: point.date, minor: point.valueMinor }))}
        currency={currency}
        title={title}
      />
      <details className="performance__figures">
        <summary>Show the figures</summary>
        <table className="data-table">
          <caption className="visually-hidden">{title}, one row per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" className="data-table__number">
                Value
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.date}>
                <th scope="row">{formatDay(point.date)}</th>
                <td className="data-table__number">
                  <Money minor={point.valueMinor} currency={currency} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
