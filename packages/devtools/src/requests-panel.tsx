import { clockTime } from './format';
import type { LoggedEvent } from './event-log';
import { requestRows } from './requests';

/** Requests: each `client.fetch`, where it went, whether the token went with it, and the 401 rule. */
export function RequestsPanel({ events }: { events: readonly LoggedEvent[] }) {
  const rows = requestRows(events.map(({ event }) => event));
  if (rows.length === 0) return <p className="muted">No request through client.fetch yet.</p>;
  return (
    <table aria-label="Requests">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Origin</th>
          <th scope="col">Access token</th>
          <th scope="col">Refused</th>
          <th scope="col">401 rule</th>
        </tr>
      </thead>
      <tbody>
        {/* Newest first, as on the timeline. */}
        {rows.reverse().map((row, index) => (
          <tr key={index}>
            <td>{clockTime(row.at)}</td>
            <td>
              <code>{row.origin}</code>
            </td>
            <td>{row.token}</td>
            <td className={row.refused ? 'bad' : undefined}>{row.refused ?? 'no'}</td>
            <td>{row.retry ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
