import type { AuthUser, IdTokenClaims } from '@sesame/core';

/** What a signed-in user must have to see a route. A user who lacks it is shown "not allowed", never sent to sign in. */
export interface Requirements<C extends IdTokenClaims = IdTokenClaims> {
  /** Every one of these scopes must have been granted with the access token. */
  requireScopes?: readonly string[];
  /** Any other rule over the user (claims such as roles or groups). */
  require?: (user: AuthUser<C>) => boolean;
}

/** True when `user` has every required scope and passes `require`. */
export function meetsRequirements<C extends IdTokenClaims>(
  user: AuthUser<C>,
  { requireScopes = [], require }: Requirements<C>,
): boolean {
  return requireScopes.every((scope) => user.scopes.includes(scope)) && (!require || require(user));
}
