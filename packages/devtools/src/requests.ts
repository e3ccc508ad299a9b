import type { DevtoolsEvent } from './inspect-bridge';

/** One `client.fetch` as the Requests panel shows it, rebuilt from the events it produced. */
export interface RequestRow {
  readonly at: number;
  readonly origin: string;
  /** Whether the access token went with it, and why not when it did not. */
  readonly token:
    'sent' | 'not sent: origin not in apiOrigins' | "not sent: auth 'none'" | 'BFF: cookie only';
  /**
   * The API's refusal, when there was one: 401 (the token; core's rule refreshes and retries once)
   * or 403 `insufficient_scope`. Core reports refusals, not every status (an event per answer would
   * cost every app bytes).
   */
  refused: 401 | 403 | undefined;
  /** What the 401 rule did: `refreshed, retried`, `session ended` ... */
  retry: string | undefined;
}

const dataOf = (event: DevtoolsEvent) => (event.data ?? {}) as Record<string, unknown>;

/**
 * Each request's row, in order, from the events (core decides; this only reads what it said):
 * 60 sending with a token, 15 sent without one, 43 BFF plain request start a row; 16/17/18/19
 * complete the latest one.
 */
export function requestRows(events: readonly DevtoolsEvent[]): RequestRow[] {
  const rows: RequestRow[] = [];
  for (const event of events) {
    const data = dataOf(event);
    const origin = String(data.origin ?? '');
    const last = rows.at(-1);
    switch (event.id) {
      case 60:
        rows.push({ at: event.at, origin, token: 'sent', refused: undefined, retry: undefined });
        break;
      case 15:
        rows.push({
          at: event.at,
          origin,
          token:
            data.auth === 'none' ? "not sent: auth 'none'" : 'not sent: origin not in apiOrigins',
          refused: undefined,
          retry: undefined,
        });
        break;
      case 43:
        rows.push({
          at: event.at,
          origin,
          token: 'BFF: cookie only',
          refused: undefined,
          retry: undefined,
        });
        break;
      case 16:
        if (last) Object.assign(last, { refused: 401, retry: '401: refreshing' });
        break;
      case 17:
        if (last) last.retry = '401 → refreshed → retried';
        break;
      case 18:
        if (last) last.retry = 'refreshed token refused too: session ended';
        break;
      case 19:
        if (last) Object.assign(last, { refused: 403, retry: 'insufficient_scope (no retry)' });
        break;
    }
  }
  return rows;
}
