/** What the IdP has been asked to do since start (or the last reset). Tests use it to count round trips. */
export interface IdpCounters {
  /** Token endpoint requests by `grant_type`, successful or not. */
  tokenRequests: {
    authorization_code: number;
    refresh_token: number;
    client_credentials: number;
    other: number;
  };
  /**
   * Access tokens issued by the token endpoint, by audience (resource indicator); `-` for a token
   * for no API (userinfo only). Tests count refreshes per API with it.
   */
  accessTokensByResource: Record<string, number>;
  /** Token endpoint errors by OAuth error code, e.g. `{ invalid_grant: 2 }`. */
  tokenErrors: Record<string, number>;
  /** Revocation endpoint requests answered 200. */
  revocations: number;
  /** Introspection endpoint requests answered 200 (active or not). */
  introspections: number;
  /** Authorization endpoint requests (not counting the resume after a login or consent page). */
  authorizations: number;
  /** End-session (RP-initiated logout) requests. */
  endSessions: number;
}

export function emptyCounters(): IdpCounters {
  return {
    tokenRequests: { authorization_code: 0, refresh_token: 0, client_credentials: 0, other: 0 },
    accessTokensByResource: {},
    tokenErrors: {},
    revocations: 0,
    introspections: 0,
    authorizations: 0,
    endSessions: 0,
  };
}

export function copyCounters(counters: IdpCounters): IdpCounters {
  return {
    ...counters,
    tokenRequests: { ...counters.tokenRequests },
    accessTokensByResource: { ...counters.accessTokensByResource },
    tokenErrors: { ...counters.tokenErrors },
  };
}

type GrantTypeKey = keyof IdpCounters['tokenRequests'];

export function grantTypeKey(grantType: unknown): GrantTypeKey {
  return grantType === 'authorization_code' ||
    grantType === 'refresh_token' ||
    grantType === 'client_credentials'
    ? grantType
    : 'other';
}
