/** What the API learned from a token it accepted. */
export interface ValidatedToken {
  /** The user the token was issued for. */
  readonly sub: string;
  readonly scopes: ReadonlySet<string>;
  /** The OAuth client the token was issued to, when the token says. */
  readonly clientId: string | undefined;
  /** Expiry, in seconds since the epoch. */
  readonly expiresAt: number;
  /**
   * The RFC 7800 `cnf.jkt` (RFC 9449 §6): the thumbprint of the key the token is bound to, or
   * `undefined` for an unbound (bearer) token. Read once at validation and cached with the rest,
   * so the DPoP checks never decode the token again.
   */
  readonly jkt: string | undefined;
}

/** Turns a bearer token into a {@link ValidatedToken} or rejects with a `TokenError`. */
export interface AccessTokenValidator {
  validate(token: string): Promise<ValidatedToken>;
  /**
   * The result of an earlier validation of `token` while it may still be reused as is (cached,
   * and nothing that `validate` would refetch first); otherwise `undefined`, and `validate`
   * decides. No I/O and no promise, so a request with a known token is answered in one tick.
   */
  peek(token: string): ValidatedToken | undefined;
}

/** Splits an OAuth `scope` claim (space-delimited string) into a set. */
export function parseScopeClaim(value: unknown): ReadonlySet<string> {
  if (typeof value !== 'string') return new Set();
  return new Set(value.split(' ').filter((scope) => scope !== ''));
}

/**
 * The `cnf.jkt` of verified claims (a JWT payload or an introspection answer), or `undefined`
 * when the token is not DPoP-bound.
 */
export function readBoundKeyThumbprint(
  claims: Readonly<Record<string, unknown>>,
): string | undefined {
  const cnf = claims.cnf;
  if (typeof cnf !== 'object' || cnf === null) return undefined;
  const jkt = (cnf as { jkt?: unknown }).jkt;
  if (jkt === undefined) return undefined;
  // A cnf.jkt that is not a non-empty string cannot be matched: treat the token as bound to
  // nothing, so no proof can satisfy it.
  return typeof jkt === 'string' && jkt !== '' ? jkt : '\u0000';
}
