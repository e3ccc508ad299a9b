import type { IdTokenClaims } from '@sesame/core';

/** A user for the mock: a `sub` plus any ID-token claims you want components to see. */
export type MockUserInput<C extends IdTokenClaims = IdTokenClaims> = { sub: string } & Partial<
  Omit<C, 'sub'>
>;

export const MOCK_ISSUER = 'https://idp.sesame.test';
export const MOCK_CLIENT_ID = 'sesame-mock';

/**
 * The ID-token claims a real sign-in would give: the protocol claims oidc-client-ts always has
 * (`iss`, `aud`, `iat`, `exp`), then the test's own, which win.
 */
export function toProfile<C extends IdTokenClaims>(input: MockUserInput<C>, nowMs: number): C {
  if (!input || typeof input.sub !== 'string' || !input.sub) {
    throw new TypeError('A mock user needs a non-empty string `sub`.');
  }
  const iat = Math.floor(nowMs / 1000);
  return { iss: MOCK_ISSUER, aud: MOCK_CLIENT_ID, iat, exp: iat + 3600, ...input } as unknown as C;
}
