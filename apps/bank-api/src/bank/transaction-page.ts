import { ApiError } from '../http/api-error.js';
import type { Account, Transaction } from './model.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const MAX_QUERY_LENGTH = 100;

export interface PageQuery {
  readonly limit: number;
  /** Only transactions with a smaller `seq` than this (i.e. older) are listed. */
  readonly before: number | undefined;
  readonly text: string | undefined;
}

// Cursors name the account they belong to, so one account's cursor cannot page another.
function encodeCursor(accountId: string, seq: number): string {
  return Buffer.from(JSON.stringify({ a: accountId, s: seq })).toString('base64url');
}

function decodeCursor(accountId: string, cursor: string): number {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const { a, s } = value as { a?: unknown; s?: unknown };
    if (a === accountId && typeof s === 'number' && Number.isSafeInteger(s) && s >= 0) return s;
  } catch {
    // Falls through to the error below.
  }
  throw new ApiError(400, 'invalid_cursor', 'The cursor is not valid for this account.');
}

/** Reads `limit`, `cursor` and `q` from a query string, with 400s that say what is wrong. */
export function readPageQuery(accountId: string, params: URLSearchParams): PageQuery {
  const rawLimit = params.get('limit');
  let limit = DEFAULT_PAGE_SIZE;
  if (rawLimit !== null) {
    limit = /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
    if (!(limit >= 1 && limit <= MAX_PAGE_SIZE)) {
      throw new ApiError(
        400,
        'invalid_query',
        `limit must be an integer from 1 to ${MAX_PAGE_SIZE}.`,
      );
    }
  }
  const cursor = params.get('cursor');
  const q = params.get('q');
  if (q !== null && q.length > MAX_QUERY_LENGTH) {
    throw new ApiError(400, 'invalid_query', `q must be at most ${MAX_QUERY_LENGTH} characters.`);
  }
  return {
    limit,
    before: cursor === null || cursor === '' ? undefined : decodeCursor(accountId, cursor),
    text: q === null || q.trim() === '' ? undefined : q.trim().toLocaleLowerCase('en'),
  };
}

function matches(transaction: Transaction, text: string): boolean {
  return (
    transaction.description.toLocaleLowerCase('en').includes(text) ||
    transaction.counterpartyName.toLocaleLowerCase('en').includes(text) ||
    (transaction.reference?.toLocaleLowerCase('en').includes(text) ?? false)
  );
}

/**
 * One page of an account's transactions, newest first. The cursor is the position of the last
 * item returned, so new bookings arriving between pages neither repeat nor skip items.
 */
export function transactionPage(
  account: Account,
  query: PageQuery,
): { items: Transaction[]; nextCursor: string | null } {
  const items: Transaction[] = [];
  const history = account.transactions;
  let index = Math.min(query.before ?? history.length, history.length) - 1;
  for (; index >= 0 && items.length < query.limit; index -= 1) {
    const transaction = history[index];
    if (
      transaction !== undefined &&
      (query.text === undefined || matches(transaction, query.text))
    ) {
      items.push(transaction);
    }
  }
  // Look ahead for one more match so that the last page says so instead of leading to an empty one.
  let more = false;
  for (let probe = index; probe >= 0; probe -= 1) {
    const transaction = history[probe];
    if (
      transaction !== undefined &&
      (query.text === undefined || matches(transaction, query.text))
    ) {
      more = true;
      break;
    }
  }
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(account.id, last.seq) : null };
}
