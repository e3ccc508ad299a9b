// The logout_token of OpenID Connect Back-Channel Logout 1.0 (§2.4, §2.6), checked before any session
// ends. The signature and the registered claims are jose's (jwtVerify against the IdP's JWKS, with the
// ID tokens' algorithms); openid-client v6 has no logout-token check, so the claims only a logout token
// has (`events`, no `nonce`, `sid` or `sub`, the `typ`) are checked here by hand.
import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { BffError } from './errors';

/** The `events` member that makes a JWT a logout token (§2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** How old a logout token may be (its `iat`), and how far clocks may disagree. */
export const LOGOUT_TOKEN_MAX_AGE_SECONDS = 300;
export const LOGOUT_TOKEN_CLOCK_TOLERANCE_SECONDS = 30;

/** What a logout token must match: the IdP, this client, and the IdP's keys and algorithms. */
export interface LogoutTokenChecks {
  issuer: string;
  clientId: string;
  /** The IdP's JWKS (jose's `createRemoteJWKSet`). */
  keys: JWTVerifyGetKey;
  /** Asymmetric JWS algorithms accepted, as for ID tokens; never `none` nor HMAC. */
  algorithms: readonly string[];
  /** The clock (tests). Default now. */
  currentDate?: Date;
}

/** A valid logout token's claims: which sessions to end, and the `jti` to remember. */
export interface LogoutClaims {
  iss: string;
  jti: string;
  /** The IdP session (as in the ID token's `sid`), when the token names one. */
  sid: string | undefined;
  /** The user, when the token names one. */
  sub: string | undefined;
  /** Epoch seconds: until when the token could be replayed, so until when its `jti` is kept. */
  replayableUntil: number;
}

const invalid = (message: string, cause?: unknown) =>
  new BffError('logout_token_invalid', message, {
    status: 400,
    ...(cause === undefined ? {} : { cause }),
  });

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalString = (payload: JWTPayload, name: string): string | undefined => {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw invalid(`"${name}" must be a string.`);
  return value;
};

/** Keys the JWKS cannot be read for (the IdP down or slow): not the token's fault, so not a 400. */
function keysUnavailable(error: unknown): boolean {
  return error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError);
}

/**
 * Verifies a logout token (§2.6): signed by the IdP with an allowed algorithm (so never `none`, and
 * never HMAC: a BFF with `private_key_jwt` shares no secret with the IdP), `typ` `logout+jwt` when
 * present, `iss` the issuer, `aud` this client, `iat` present, not in the future and at most
 * {@link LOGOUT_TOKEN_MAX_AGE_SECONDS} old, `exp` present and not passed (required since the final
 * specification), a `jti`, `events` an object whose back-channel member is an object, `sid` or
 * `sub`, and no `nonce` (which would let it pass for an ID token). Rejects `logout_token_invalid`
 * (400) saying which check failed, never quoting the token; `idp_unavailable` (502) when the IdP's
 * keys cannot be fetched.
 */
export async function verifyLogoutToken(
  token: string,
  checks: LogoutTokenChecks,
): Promise<LogoutClaims> {
  let payload: JWTPayload;
  let typ: string | undefined;
  try {
    ({
      payload,
      protectedHeader: { typ },
    } = await jwtVerify(token, checks.keys, {
      issuer: checks.issuer,
      audience: checks.clientId,
      algorithms: [...checks.algorithms],
      requiredClaims: ['iat', 'exp', 'jti'],
      maxTokenAge: LOGOUT_TOKEN_MAX_AGE_SECONDS,
      clockTolerance: LOGOUT_TOKEN_CLOCK_TOLERANCE_SECONDS,
      ...(checks.currentDate ? { currentDate: checks.currentDate } : {}),
    }));
  } catch (error) {
    if (keysUnavailable(error)) {
      throw new BffError('idp_unavailable', 'The IdP’s keys could not be fetched.', {
        status: 502,
        retryable: true,
        cause: error,
      });
    }
    throw invalid('The logout token failed verification.', error);
  }
  // Explicit typing (RFC 8725 §3.11) is recommended, not required, by the specification: an absent
  // typ is accepted, any other type is another kind of JWT.
  if (typ !== undefined && typ.toLowerCase().replace(/^application\//, '') !== 'logout+jwt') {
    throw invalid('The token’s typ is not logout+jwt.');
  }
  const { events } = payload;
  if (!isObject(events) || !isObject(events[BACKCHANNEL_LOGOUT_EVENT])) {
    throw invalid('The token has no back-channel logout event (events claim).');
  }
  if ('nonce' in payload) throw invalid('A logout token must not carry a nonce.');
  const sid = optionalString(payload, 'sid');
  const sub = optionalString(payload, 'sub');
  if (sid === undefined && sub === undefined) throw invalid('The token names no sid nor sub.');
  const jti = optionalString(payload, 'jti') as string; // required above
  return {
    iss: checks.issuer,
    jti,
    sid,
    sub,
    replayableUntil:
      Math.min(payload.exp as number, (payload.iat as number) + LOGOUT_TOKEN_MAX_AGE_SECONDS) +
      LOGOUT_TOKEN_CLOCK_TOLERANCE_SECONDS,
  };
}
