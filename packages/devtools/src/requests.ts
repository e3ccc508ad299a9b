import type { DevtoolsEvent } from './inspect-bridge';

/** One `client.fetch` as the Requests panel shows it, rebuilt from the events it produced. */
export interface RequestRow {
  readonly at: number;
  readonly origin: string;
  /** Whether the access token went with it, and why not when it did not. */
  readonly token:
    'sent' | 'not sent: origin not in apiOrigins' | "not sent: auth 'none'" | 'BFF: cookie only';
  /** The answer's status, when core reported it. */
  status: number | undefined;
  /** What the 401 rule did: `refreshed, retried`, `session ended` ... */
  retry: string | undefined;
}

const dataOf = (event: DevtoolsEvent) => (event.data ?? {}) as Record<string, unknown>;

/**
 * Each request's row, in order, from the events (core decides; this only reads what it said):
 * 60 sending with a token, 15 sent without one, 43 BFF plain request start a row; 16/17/18/19 and
 * an answered event (62) complete the latest one.
 */
export function requestRows(events: readonly DevtoolsEvent[]): RequestRow[] {
  const rows: RequestRow[] = [];
  for (const event of events) {
    const data = dataOf(event);
    const origin = String(data.origin ?? '');
    const last = rows.at(-1);
    switch (event.id) {
      case 60:
        rows.push({ at: event.at, origin, token: 'sent', status: undefined, retry: undefined });
        break;
      case 15:
        rows.push({
          at: event.at,
          origin,
          token:
            data.auth === 'none' ? "not sent: auth 'none'" : 'not sent: origin not in apiOrigins',
          status: undefined,
          retry: undefined,
        });
        break;
      case 43:
        rows.push({
          at: event.at,
          origin,
          token: 'BFF: cookie only',
          status: undefined,
          retry: undefined,
        });
        break;
      case 16:
        if (last) Object.assign(last, { status: 401, retry: '401: refreshing' });
        break;
      case 17:
        if (last) last.retry = '401 → refreshed → retried';
        break;
      case 18:
        if (last) last.retry = 'refreshed token refused too: session ended';
        break;
      case 19:
        if (last) Object.assign(last, { status: 403, retry: 'insufficient_scope (no retry)' });
        break;
      case 62:
        if (last) last.status = Number(data.status);
        break;
    }
  }
  return rows;
}
