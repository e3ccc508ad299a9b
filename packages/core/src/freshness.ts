// "Is this token fresh?", "refresh now?" and "when may the next token request go?", as pure
// functions over plain numbers. The client asks these everywhere (getAccessToken, the background
// renewal's schedule, initialize's refresh of a stored token, the "refreshed by another tab" check),
// so there is one staleness formula.
import type { GetAccessTokenOptions } from './types';

/**
 * When a token turns stale, in epoch ms: `marginSeconds` before it expires; `Infinity` when the IdP
 * gave no expiry. `expiresAt` is in the local clock's epoch seconds: clock.ts moved it by the IdP's
 * clock offset once, when the token arrived (see `tokenTimes`), so no offset is applied here again.
 */
export const staleAt = (expiresAt: number | undefined, marginSeconds: number): number =>
  expiresAt ? (expiresAt - marginSeconds) * 1000 : Infinity;

/**
 * Whether a caller asking for `token` at `nowMs` needs a refresh first: the token is stale, or
 * `force` asks for one (`true`; or `{ rejectedToken }` naming this very token, so the callers that
 * saw the same 401 cause one refresh and later ones get the new token).
 */
export const mustRefresh = (
  token: string,
  expiresAt: number | undefined,
  marginSeconds: number,
  nowMs: number,
  force?: GetAccessTokenOptions['forceRefresh'],
): boolean =>
  nowMs >= staleAt(expiresAt, marginSeconds) ||
  force === true ||
  (force as { rejectedToken?: string } | undefined)?.rejectedToken === token;

/**
 * How long to wait, in ms, before the next token request after `failures` (1 or more) network
 * failures in a row (no answer, 5xx, 429): 2 s, 4 s, 8 s, 16 s, then 30 s, each ±20 % by `random`
 * (in [0, 1)) so that tabs and clients do not retry in step. A down IdP then gets 6 requests in
 * the first minute and 2 a minute after, however many callers ask for a token meanwhile.
 */
export const nextRetryDelay = (failures: number, random: number): number =>
  Math.min(30_000, 1000 * 2 ** failures) * (0.8 + random * 0.4);
