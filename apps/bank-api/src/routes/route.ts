import type { ValidatedToken } from '../auth/validated-token.js';
import type { Bank } from '../bank/bank.js';
import type { ApiResponse } from '../http/api-response.js';

/** The scopes this API knows, one per kind of access (issue 3). */
export const SCOPES = {
  read: 'accounts:read',
  transfer: 'transfers:write',
  cards: 'cards:write',
} as const;

/** What a handler gets: an authenticated user, the route's parameters and the parsed body. */
export interface RouteContext {
  readonly bank: Bank;
  readonly token: ValidatedToken;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The parsed JSON body for routes with `body: true`; `undefined` otherwise. */
  readonly body: unknown;
}

/** A protected API route. Handlers are synchronous on purpose: see `executeTransfer`. */
export interface ApiRoute {
  /** The scope a token needs for this route. */
  readonly scope: string;
  /** Whether the route reads a JSON body (415/413/400 checks apply). */
  readonly body?: boolean;
  /** `required`: no `Idempotency-Key` → 400; `optional`: honoured when sent. */
  readonly idempotency?: 'required' | 'optional';
  handle(context: RouteContext): ApiResponse;
}
