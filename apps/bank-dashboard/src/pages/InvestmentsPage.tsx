import { useAllocation, usePerformance, usePortfolio } from '../api/invest-queries';
import type { Allocation, Portfolio } from '../api/invest-types';
import { DataState } from '../components/DataState';
import { Money } from '../components/Money';
import { PageHeader } from '../components/PageHeader';
import { PerformanceChart } from '../components/PerformanceChart';
import { formatDay } from '../lib/dates';
import { assetClassLabel, change, formatShare } from '../lib/investments';

const PERFORMANCE_DAYS = 90;

/**
 * The customer's portfolio, from the investments API, a second API with its own token: the engine
 * sends these requests that API's token (its own audience and scopes), never the bank's.
 */
export function InvestmentsPage() {
  const portfolio = usePortfolio();
  return (
    <>
      <PageHeader
        title="Investments"
        description="Your funds, how they did, and how they are spread."
      />
      <DataState
        query={portfolio}
        what="your portfolio"
        isEmpty={(data) => data.holdings.length === 0}
        empty="You hold no investments with us yet."
      >
        {(data) => <InvestmentsContent portfolio={data} />}
      </DataState>
    </>
  );
}

function InvestmentsContent({ portfolio }: { portfolio: Portfolio }) {
  const { currency } = portfolio;
  return (
    <div className="investments">
      <section className="panel overview__total" aria-labelledby="portfolio-total-title">
        <h2 id="portfolio-total-title" className="panel__title">
          Portfolio value
        </h2>
        <p className="overview__total-amount" data-testid="portfolio-total">
          <Money minor={portfolio.totalValueMinor} currency={currency} />
        </p>
        <p className="panel__hint">At the close of {formatDay(portfolio.asOf)}</p>
      </section>
      <AllocationPanel />
      <PerformancePanel />
      <HoldingsTable portfolio={portfolio} />
    </div>
  );
}

function PerformancePanel() {
  const performance = usePerformance(PERFORMANCE_DAYS);
  return (
    <section className="panel investments__performance" aria-labelledby="performance-title">
      <h2 id="performance-title" className="panel__title">
        Performance
      </h2>
      <DataState query={performance} what="your portfolio's performance" skeleton={4}>
        {(data) => {
          const { minor, share } = change(data.points.map((point) => point.valueMinor));
          return (
            <>
              <p className="panel__hint" data-testid="performance-change">
                <Money minor={minor} currency={data.currency} signed /> ({formatShare(share)}) over
                the last {PERFORMANCE_DAYS} days
              </p>
              <PerformanceChart
                points={data.points}
                currency={data.currency}
                title={`Portfolio value, last ${PERFORMANCE_DAYS} days`}
              />
            </>
          );
        }}
      </DataState>
    </section>
  );
}

function AllocationPanel() {
  const allocation = useAllocation();
  return (
    <section className="panel investments__allocation" aria-labelledby="allocation-title">
      <h2 id="allocation-title" className="panel__title">
        Allocation
      </h2>
      <DataState query={allocation} what="your allocation">
        {(data) => <AllocationList allocation={data} />}
      </DataState>
    </section>
  );
}

function AllocationList({ allocation }: { allocation: Allocation }) {
  return (
    <ul className="allocation">
      {allocation.items.map((item) => (
        <li key={item.assetClass} className="allocation__item">
          <span className="allocation__label">{assetClassLabel(item.assetClass)}</span>
          <span className="allocation__share">{formatShare(item.weight)}</span>
          <Money
            minor={item.valueMinor}
            currency={allocation.currency}
            className="allocation__value"
          />
          {/* The bar repeats the share beside it: hidden from screen readers. */}
          <svg
            className="allocation__bar"
            viewBox="0 0 100 4"
            preserveAspectRatio="none"
            aria-hidden="true"
          >
            <rect className="allocation__track" width="100" height="4" />
            <rect
              className={`allocation__fill allocation__fill--${item.assetClass}`}
              width={item.weight * 100}
              height="4"
            />
          </svg>
        </li>
      ))}
    </ul>
  );
}

function HoldingsTable({ portfolio }: { portfolio: Portfolio }) {
  const { currency } = portfolio;
  return (
    <section className="panel investments__holdings" aria-labelledby="holdings-title">
      <h2 id="holdings-title" className="panel__title">
        Holdings
      </h2>
      {/* Scrolls sideways on a narrow screen: focusable, so a keyboard can scroll it too. */}
      <div
        className="data-table__scroll"
        role="region"
        aria-labelledby="holdings-title"
        tabIndex={0}
      >
        <table className="data-table" aria-labelledby="holdings-title">
          <thead>
            <tr>
              <th scope="col">Fund</th>
              <th scope="col">Class</th>
              <th scope="col" className="data-table__number">
                Units
              </th>
              <th scope="col" className="data-table__number">
                Price
              </th>
              <th scope="col" className="data-table__number">
                Value
              </th>
              <th scope="col" className="data-table__number">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {portfolio.holdings.map((holding) => (
              <tr key={holding.symbol} data-testid={`holding-${holding.symbol}`}>
                <th scope="row">
                  {holding.name}
                  <span className="muted data-table__symbol"> {holding.symbol}</span>
                </th>
                <td>{assetClassLabel(holding.assetClass)}</td>
                <td className="data-table__number">
                  {holding.assetClass === 'cash' ? '—' : holding.quantity}
                </td>
                <td className="data-table__number">
                  {holding.assetClass === 'cash' ? (
                    '—'
                  ) : (
                    <Money minor={holding.priceMinor} currency={currency} />
                  )}
                </td>
                <td className="data-table__number">
                  <Money minor={holding.valueMinor} currency={currency} />
                </td>
                <td className="data-table__number">{formatShare(holding.weight)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
