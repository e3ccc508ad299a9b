import {
  ApiError,
  ok,
  Router,
  type ApiResponse,
  type ValidatedToken,
} from '@sesame/bank-api/resource-server';
import { positionsOf } from './portfolio/positions.js';
import { allocationView, performanceView, portfolioView } from './portfolio/views.js';

/** The scopes this API knows. `portfolio:trade` has no route yet. */
export const SCOPES = { read: 'portfolio:read', trade: 'portfolio:trade' } as const;

/** What a handler gets: the authenticated customer, the query and today's date. */
export interface RouteContext {
  readonly token: ValidatedToken;
  readonly query: URLSearchParams;
  readonly today: string;
}

/** A protected route: the scope it needs and its (synchronous) answer. */
export interface ApiRoute {
  readonly scope: string;
  handle(context: RouteContext): ApiResponse;
}

const MAX_DAYS = 365;

/** `?days=` of the performance route: 1..365, default 30. */
export function readDays(query: URLSearchParams): number {
  const raw = query.get('days');
  if (raw === null) return 30;
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || days < 1 || days > MAX_DAYS) {
    throw new ApiError(400, 'invalid_query', `days must be a whole number from 1 to ${MAX_DAYS}.`);
  }
  return days;
}

/** Every protected route; each answers for the token's `sub` only. */
export function apiRouter(): Router<ApiRoute> {
  return new Router<ApiRoute>()
    .add('GET', '/portfolio', {
      scope: SCOPES.read,
      handle: ({ token, today }) => ok(portfolioView(positionsOf(token.sub), today)),
    })
    .add('GET', '/portfolio/performance', {
      scope: SCOPES.read,
      handle: ({ token, today, query }) =>
        ok(performanceView(positionsOf(token.sub), today, readDays(query))),
    })
    .add('GET', '/portfolio/allocation', {
      scope: SCOPES.read,
      handle: ({ token, today }) => ok(allocationView(positionsOf(token.sub), today)),
    });
}
