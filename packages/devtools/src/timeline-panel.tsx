import { useState } from 'react';
import { clockTime, eventDetails } from './format';
import { describeEvent, EVENT_KINDS, type EventKind } from './inspect-bridge';
import type { LoggedEvent } from './event-log';

// Events that report a failure: drawn in the "bad" colour on the axis and in the list.
const FAILURES = new Set([5, 10, 13, 18, 25, 41, 42]);

/** Timeline: every event on a time axis and in a list, filtered by kind. */
export function TimelinePanel({
  events,
  onClear,
}: {
  events: readonly LoggedEvent[];
  onClear: () => void;
}) {
  const [hidden, setHidden] = useState<ReadonlySet<EventKind>>(() => new Set());
  const shown = events.filter(({ event }) => !hidden.has(describeEvent(event.id)[1]));
  const first = shown[0]?.event.at ?? 0;
  const span = Math.max(1, (shown.at(-1)?.event.at ?? first) - first);
  const toggle = (kind: EventKind) =>
    setHidden((before) => {
      const after = new Set(before);
      if (!after.delete(kind)) after.add(kind);
      return after;
    });
  return (
    <>
      <fieldset className="filters">
        <legend className="muted">Show</legend>
        {EVENT_KINDS.map((kind) => (
          <label key={kind}>
            <input type="checkbox" checked={!hidden.has(kind)} onChange={() => toggle(kind)} />{' '}
            {kind}
          </label>
        ))}
        <button type="button" onClick={onClear}>
          Clear
        </button>
      </fieldset>
      <div
        className="axis"
        role="img"
        aria-label={`Time axis: ${shown.length} events over ${Math.round(span / 1000)} s`}
      >
        {shown.map(({ seq, event }) => (
          <span
            key={seq}
            className={FAILURES.has(event.id) ? 'tick bad' : 'tick'}
            style={{ left: `${((event.at - first) / span) * 100}%` }}
            title={describeEvent(event.id)[0]}
          />
        ))}
      </div>
      <table aria-label="Events">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">+s</th>
            <th scope="col">Kind</th>
            <th scope="col">Event</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {/* Newest first: the latest decision is where the eye lands. */}
          {[...shown].reverse().map(({ seq, event }) => {
            const [sentence, kind] = describeEvent(event.id);
            return (
              <tr key={seq} data-event={event.id}>
                <td>{clockTime(event.at)}</td>
                <td>{((event.at - first) / 1000).toFixed(1)}</td>
                <td>{kind}</td>
                <td className={FAILURES.has(event.id) ? 'bad' : undefined}>{sentence}</td>
                <td>
                  <code>{eventDetails(event.id, event.data)}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {shown.length === 0 && <p className="muted">No events yet.</p>}
    </>
  );
}
