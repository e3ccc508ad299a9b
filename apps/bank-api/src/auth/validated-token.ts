/** What the API learned from a token it accepted. */
export interface ValidatedToken {
  /** The user the token was issued for. */
  readonly sub: string;
  readonly scopes: ReadonlySet<string>;
  /** The OAuth client the token was issued to, when the token says. */
  readonly clientId: string | undefined;
  /** Expiry, in seconds since the epoch. */
  readonly expiresAt: number;
}

/** Turns a bearer token into a {@link ValidatedToken} or rejects with a `TokenError`. */
export interface AccessTokenValidator {
  validate(token: string): Promise<ValidatedToken>;
}

/** Splits an OAuth `scope` claim (space-delimited string) into a set. */
export function parseScopeClaim(value: unknown): ReadonlySet<string> {
  if (typeof value !== 'string') return new Set();
  return new Set(value.split(' ').filter((scope) => scope !== ''));
}
