import type { DevtoolsEvent } from './inspect-bridge';
import { DEVTOOLS_EVENT } from './devtools-events';

/** Whether a request carried the access token, and why not when it did not. */
export type TokenDecision =
  | 'sent'
  | 'not sent: origin not in apiOrigins'
  | "not sent: auth 'none'"
  | 'BFF: plain request (not the BFF API)'
  | 'cookie via BFF proxy'
  | 'none (failed before sending)';

/** One `client.fetch` as the Requests panel shows it, rebuilt from the events it produced. */
export interface RequestRow {
  readonly at: number;
  /** The devtools' number for the call (fetch-watch.ts); none for a call made before they watched. */
  readonly request: number | undefined;
  readonly method: string | undefined;
  readonly origin: string;
  readonly path: string | undefined;
  /** Core's decision (60, 15, 43); BFF mode's calls to its API make none: they go with the cookie. */
  token: TokenDecision | undefined;
  /** The answer's HTTP status (after the 401 rule's retry), an error's code, or `undefined`: pending. */
  status: number | string | undefined;
  /** What the 401 rule did: `401 → refreshed → retried`, `session ended` ... */
  retry: string | undefined;
  settled: boolean;
}

const dataOf = (event: DevtoolsEvent) => (event.data ?? {}) as Record<string, unknown>;

const DECISIONS: Record<number, (data: Record<string, unknown>) => TokenDecision> = {
  60: () => 'sent',
  15: (data) =>
    data.auth === 'none' ? "not sent: auth 'none'" : 'not sent: origin not in apiOrigins',
  43: () => 'BFF: plain request (not the BFF API)',
};

/**
 * Each request's row, in order (core decides; this only reads what it and the devtools' fetch
 * watcher said): 93 starts a row and 94 settles it with the status; core's decision (60 sending
 * with a token, 15 sent without one, 43 BFF plain request) goes to the oldest open row for its
 * origin, and the 401 rule (16, 17, 18) and a 403 (19) to the latest open row that sent the token.
 * Concurrent calls to one origin are matched in order, which is how core handles them. Core's
 * events without a watched call (before the devtools started) make rows of their own.
 */
export function requestRows(events: readonly DevtoolsEvent[], bff = false): RequestRow[] {
  const rows: RequestRow[] = [];
  const open = (test: (row: RequestRow) => boolean) =>
    rows.findLast((row) => !row.settled && test(row)) ?? rows.at(-1);
  for (const event of events) {
    const data = dataOf(event);
    const origin = String(data.origin ?? '');
    const decide = DECISIONS[event.id];
    if (decide) {
      const row = rows.find(
        (candidate) =>
          candidate.request !== undefined &&
          !candidate.settled &&
          candidate.token === undefined &&
          candidate.origin === origin,
      );
      if (row) row.token = decide(data);
      else rows.push(newRow(event.at, undefined, undefined, origin, undefined, decide(data)));
      continue;
    }
    switch (event.id) {
      case DEVTOOLS_EVENT.fetchStarted:
        rows.push(
          newRow(
            event.at,
            Number(data.request),
            String(data.method),
            origin,
            String(data.path),
            undefined,
          ),
        );
        break;
      case DEVTOOLS_EVENT.fetchSettled: {
        const row = rows.find((candidate) => candidate.request === data.request);
        if (!row) break;
        row.settled = true;
        row.status = typeof data.status === 'number' ? data.status : String(data.code);
        row.token ??=
          bff && typeof data.status === 'number'
            ? 'cookie via BFF proxy'
            : 'none (failed before sending)';
        break;
      }
      case 16: {
        const row = open((candidate) => candidate.token === 'sent');
        if (row) row.retry = '401: refreshing';
        break;
      }
      case 17: {
        const row = open((candidate) => candidate.retry === '401: refreshing');
        if (row) row.retry = '401 → refreshed → retried';
        break;
      }
      case 18: {
        const row = open((candidate) => candidate.retry !== undefined);
        if (row) row.retry = 'refreshed token refused too: session ended';
        break;
      }
      case 19: {
        const row = open((candidate) => candidate.token === 'sent');
        if (row) row.retry = '403 insufficient_scope (no retry)';
        break;
      }
    }
  }
  return rows;
}

function newRow(
  at: number,
  request: number | undefined,
  method: string | undefined,
  origin: string,
  path: string | undefined,
  token: TokenDecision | undefined,
): RequestRow {
  return {
    at,
    request,
    method,
    origin,
    path,
    token,
    status: undefined,
    retry: undefined,
    settled: false,
  };
}
