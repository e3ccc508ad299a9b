import { formatMoney } from '../lib/money';

/** An amount in tabular figures; `signed` shows `+` on credits and colours them. */
export function Money({
  minor,
  currency,
  signed = false,
  className,
}: {
  minor: number;
  currency: string;
  signed?: boolean;
  className?: string;
}) {
  const tone = signed && minor > 0 ? ' money--credit' : '';
  return (
    <span className={`money${tone}${className ? ` ${className}` : ''}`}>
      {formatMoney(minor, currency, { signed })}
    </span>
  );
}
