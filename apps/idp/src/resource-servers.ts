import { API_SCOPES, BANK_API_SCOPES, INVEST_API_SCOPES } from './constants';

/** An API this IdP issues access tokens for. */
export interface ResourceServer {
  /** Every scope its tokens may carry (a token's scopes are filtered to these). */
  readonly scopes: readonly string[];
  /** Its own scopes: asking for one of them, without a `resource`, means a token for this API. */
  readonly ownScopes: readonly string[];
}

/** The APIs by resource indicator (RFC 8707, the tokens' `aud`). The first is the default resource. */
export type ResourceServers = ReadonlyMap<string, ResourceServer>;

/** The bank API (the default resource) and the investments API. */
export function resourceServers(bankAudience: string, investAudience: string): ResourceServers {
  return new Map<string, ResourceServer>([
    // `profile` lets the bank API show the customer's name, but asks for no API by itself.
    [bankAudience, { scopes: BANK_API_SCOPES, ownScopes: API_SCOPES }],
    [investAudience, { scopes: INVEST_API_SCOPES, ownScopes: INVEST_API_SCOPES }],
  ]);
}

/**
 * The resources of an authorization request that names none: every API one of whose own scopes it
 * asks for. Naming both lets the sign-in's refresh token later be exchanged for either API's token
 * (oidc-provider refuses a `resource` that the grant was not made for).
 */
export function resourcesForScopes(
  servers: ResourceServers,
  requestedScopes: readonly string[],
): string[] {
  return [...servers]
    .filter(([, server]) => requestedScopes.some((scope) => server.ownScopes.includes(scope)))
    .map(([resource]) => resource);
}

/**
 * The one resource a token request without `resource` gets its token for when the grant holds
 * several: the default API if granted, else the first granted. (oidc-provider issues one audience
 * per access token; the other APIs' tokens come from the refresh grant with `resource`.)
 */
export function tokenResource(
  servers: ResourceServers,
  granted: readonly string[],
): string | undefined {
  const [defaultResource] = servers.keys();
  return defaultResource !== undefined && granted.includes(defaultResource)
    ? defaultResource
    : granted[0];
}

/**
 * Whether a refresh request's `resource` (RFC 8707) can be served by the refresh token's grant:
 * none asked, or one resource the sign-in was granted. oidc-provider rotates the refresh token
 * before it checks the resource, so a refused `resource` would otherwise spend the token the
 * client still holds (its next use then counts as reuse and ends the whole grant): the provider
 * rotates only when this says yes (see `rotateRefreshToken` in provider.ts).
 */
export function refreshResourceGranted(asked: unknown, granted: unknown): boolean {
  if (asked === undefined || asked === null || asked === '') return true;
  // Several resources are refused (one audience per token), so they must not rotate either.
  if (typeof asked !== 'string') return false;
  return Array.isArray(granted) ? granted.includes(asked) : granted === asked;
}
