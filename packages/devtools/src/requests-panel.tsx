import type { AuthClient } from '@sesame/core';
import { clockTime } from './format';
import type { LoggedEvent } from './event-log';
import { clientMode } from './mode';
import { requestRows } from './requests';

/**
 * Requests: each `client.fetch`, where it went, whether the token went with it (BFF mode: the
 * cookie, through the BFF's proxy), the answer's status, and the 401 rule.
 */
export function RequestsPanel({
  client,
  events,
}: {
  client: AuthClient;
  events: readonly LoggedEvent[];
}) {
  const rows = requestRows(
    events.map(({ event }) => event),
    clientMode(client) === 'bff',
  );
  if (rows.length === 0) return <p className="muted">No request through client.fetch yet.</p>;
  return (
    <table aria-label="Requests">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Request</th>
          <th scope="col">Access token</th>
          <th scope="col">Status</th>
          <th scope="col">401 rule</th>
        </tr>
      </thead>
      <tbody>
        {/* Newest first, as on the timeline. */}
        {rows.reverse().map((row, index) => (
          <tr key={row.request ?? `core-${index}`}>
            <td>{clockTime(row.at)}</td>
            <td>
              <code>
                {row.method && `${row.method} `}
                {row.origin}
                {row.path}
              </code>
            </td>
            <td>{row.token ?? '…'}</td>
            <td className={isFailure(row.status) ? 'bad' : undefined}>
              {row.status ?? (row.request === undefined ? '—' : 'pending')}
            </td>
            <td>{row.retry ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const isFailure = (status: number | string | undefined) =>
  typeof status === 'string' || (status !== undefined && status >= 400);
