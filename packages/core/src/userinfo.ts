import type { IdTokenClaims } from 'oidc-client-ts';
import { AuthError } from './errors';
import { DEV, type LogEvent } from './dev';

/**
 * Adds the userinfo endpoint's claims (OpenID Connect Core §5.3) to `response.profile`, once, after
 * the code exchange: providers that follow Core keep `profile`/`email` claims out of the ID token
 * unless asked. When (`loadUserInfo`, see settings.ts): `'auto'` when a granted scope's claim is
 * missing from the ID token (`profile` granted and no `name`, or `email` granted and no `email`),
 * `true` always, `false` never; only if discovery names a `userinfo_endpoint`.
 *
 * Written here rather than oidc-client-ts's `loadUserInfo`, which would also call it on every
 * refresh, let userinfo override the signed ID token, and accept an unverified JWT response.
 * - userinfo's `sub` must be the ID token's (Core §5.3.4), else `userinfo_invalid`: nothing is stored.
 * - The ID token's claims win a conflict: they are signed, userinfo's are only over TLS.
 * - A failure (network, timeout, an error status, a response that is not JSON, like a signed
 *   `application/jwt` one, which Sesame cannot verify here) is logged and the sign-in goes on
 *   without these claims: a display name is not worth a failed sign-in. The next sign-in tries again.
 */
export async function addUserInfo(
  response: { access_token: string; scope?: string; profile: IdTokenClaims },
  endpoint: string | undefined,
  settings: { loadUserInfo?: 'auto' | boolean; fetchTimeoutMs: number },
  log: (event: LogEvent) => void,
  // DPoP's transport (dpop-fetch.ts) when on: it sends the token as DPoP with its proof.
  transport: typeof fetch = fetch,
): Promise<void> {
  const { profile, scope } = response;
  const mode = settings.loadUserInfo;
  const granted = (name: string) => scope?.split(' ').includes(name);
  if (
    endpoint &&
    (mode === true ||
      (mode !== false &&
        ((granted('profile') && !profile.name) || (granted('email') && !profile.email))))
  ) {
    const claims = (await transport(endpoint, {
      // A DPoP-bound token never goes out as this bare Bearer: with DPoP on, `transport` rewrites it
      // (`DPoP` plus a proof), which oidc-client-ts's userinfo call (always Bearer) cannot do.
      headers: { authorization: 'Bearer ' + response.access_token },
      signal: AbortSignal.timeout(settings.fetchTimeoutMs),
    })
      .then((answer) => answer.ok && answer.json())
      .catch(() => {})) as Partial<IdTokenClaims> | false | null | void;
    if (!claims) return log(DEV ? 'userinfo failed' : 6);
    if (claims.sub !== profile.sub) {
      throw new AuthError('userinfo_invalid', DEV && 'userinfo names another user (sub).', {
        step: 'callback',
      });
    }
    response.profile = { ...claims, ...profile };
  }
}
