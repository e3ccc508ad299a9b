// "Which of the session's access tokens goes to this API, and may it get one?" One refresh token
// per session, one access token per resource (RFC 8707): the sign-in's token lives in the session's
// top-level fields (so sessions stored before several APIs keep working), the others in
// `apiTokens` by resource indicator. Pure functions over plain values.
import type { ApiToken, SessionRecord } from './session-record';

/** Whether `resource` is the one the session's sign-in token (its top-level fields) is for. */
const isSignInResource = (
  session: SessionRecord,
  resource: string | undefined,
  signInResource: string | undefined,
): boolean => resource === undefined || resource === (session.resource ?? signInResource);

/**
 * The session's token for `resource`, or `undefined` when it has none yet (it is then asked for
 * with the refresh grant): never another resource's token.
 */
export function tokenFor(
  session: SessionRecord,
  resource: string | undefined,
  signInResource: string | undefined,
): ApiToken | undefined {
  if (isSignInResource(session, resource, signInResource)) {
    return {
      accessToken: session.accessToken,
      accessTokenExpiresAt: session.accessTokenExpiresAt,
      accessTokenRefreshAt: session.accessTokenRefreshAt,
      scopes: session.scopes,
    };
  }
  const token = session.apiTokens?.[resource as string];
  return typeof token?.accessToken === 'string' ? token : undefined;
}

/** The session with `token` as its token for `resource` (every other token kept as it was). */
export function withToken(
  session: SessionRecord,
  resource: string | undefined,
  signInResource: string | undefined,
  token: ApiToken,
): SessionRecord {
  if (isSignInResource(session, resource, signInResource)) {
    const { accessToken, accessTokenExpiresAt, accessTokenRefreshAt, scopes } = token;
    return { ...session, accessToken, accessTokenExpiresAt, accessTokenRefreshAt, scopes };
  }
  return { ...session, apiTokens: { ...session.apiTokens, [resource as string]: token } };
}

/**
 * Whether the session may not ask for a token for `resource`: the IdP refused it before
 * (`invalid_target`), or the sign-in did not name it (an API added to the BFF's options since;
 * asking would fail at the IdP, and oidc-provider spends the refresh token before it checks the
 * resource). Such a session must sign in again to reach that API.
 */
export function resourceRefused(session: SessionRecord, resource: string | undefined): boolean {
  if (resource === undefined) return false;
  if (session.refusedResources?.includes(resource)) return true;
  return session.resources !== undefined && !session.resources.includes(resource);
}

/** The session remembering that the IdP refused `resource`. */
export const withRefusedResource = (session: SessionRecord, resource: string): SessionRecord => ({
  ...session,
  refusedResources: [...new Set([...(session.refusedResources ?? []), resource])],
});
