// The ID token on the client: the real IdP issues it, the proxy corrupts one thing in the token
// response, and the real engine must refuse it. Corrupted tokens are re-signed with a key published
// in the IdP's JWKS, so the engine's signature check passes them: the refusal can only come from the
// claim check under test (the cases about the signature itself sign otherwise). (Which checks
// oidc-client-ts makes and which Sesame adds is tabled in SECURITY.md.)
import { isAuthError, type AuthErrorCode } from '@sesame/core';
import { DASHBOARD_CLIENT_ID } from '@sesame/idp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  arriveAt,
  authorizationResponse,
  makeClient,
  resetBrowser,
  sesameEntries,
  signedIn,
  storedUser,
} from './support/browser';
import {
  hs256WithClientId,
  partsOf,
  patch,
  plantKey,
  unsigned,
  type Claims,
  type Signer,
} from './support/forge';
import { APP, startStack, type Stack } from './support/stack';

let stack: Stack;
let planted: Signer;
beforeAll(async () => {
  stack = await startStack({ api: false });
  planted = await plantKey(stack.proxy);
});
afterAll(() => stack.stop());
beforeEach(() => {
  resetBrowser();
  stack.proxy.tamperTokenResponse = undefined;
});

const now = () => Math.floor(Date.now() / 1000);

/**
 * From now on, token responses carry the real ID token changed by `change`, re-signed (with the
 * planted key; `alg: 'HS256'` with the client_id as the MAC key; `alg: 'none'` not at all). The IdP
 * sends no ID token on refresh; refresh cases pass the sign-in's one as `base`, as IdPs that do would.
 */
function corruptIdToken(
  change: { claims?: Claims; header?: Claims; alg?: 'none' | 'HS256'; drop?: true },
  base?: string,
) {
  stack.proxy.tamperTokenResponse = async (body) => {
    if (change.drop) return patch(body, { id_token: undefined });
    const { header, claims } = partsOf((body.id_token as string | undefined) ?? base!);
    const newHeader = patch({ ...header, kid: planted.kid }, change.header);
    const newClaims = patch(claims, change.claims);
    const idToken =
      change.alg === 'none'
        ? unsigned(newHeader, newClaims)
        : change.alg === 'HS256'
          ? hs256WithClientId(DASHBOARD_CLIENT_ID, newHeader, newClaims)
          : await planted.sign(newHeader, newClaims);
    return { ...body, id_token: idToken };
  };
}

/** Signs in through a corrupted token response and checks the whole refusal. */
async function expectSignInRefused(code: AuthErrorCode = 'id_token_invalid') {
  const { client, navigate } = makeClient(stack);
  arriveAt(await authorizationResponse(client, navigate));
  navigate.mockClear();
  const exchanged = stack.proxy.tokenRequests.authorization_code;
  const error = await client.handleCallback().catch((caught: unknown) => caught);
  expect(isAuthError(error, code), `got ${String(error)}`).toBe(true);
  expect(client.getSnapshot()).toEqual({ status: 'error', user: null, error });
  expect(sesameEntries()).toEqual({}); // no user, no leftover PKCE state
  expect(window.location.href).toBe(`${APP}/callback`);
  expect(navigate).not.toHaveBeenCalled();
  expect(stack.proxy.tokenRequests.authorization_code).toBe(exchanged + 1);
  return error as Error;
}

describe('ID token at sign-in', () => {
  it('control: the real ID token re-signed with the published test key, unchanged → signed in', async () => {
    corruptIdToken({});
    const { client } = await signedIn(stack);
    expect(client.getSnapshot().user?.sub).toBe('usr_jane_doe');
  });

  it('iss of another provider → id_token_invalid (Sesame’s check)', async () => {
    corruptIdToken({ claims: { iss: 'https://idp.attacker.example' } });
    expect((await expectSignInRefused()).message).toContain('issuer');
  });

  it('aud of another client → id_token_invalid (Sesame’s check)', async () => {
    corruptIdToken({ claims: { aud: 'some-other-client' } });
    expect((await expectSignInRefused()).message).toContain('aud');
  });

  it('aud with our client and another, no azp → id_token_invalid (Sesame’s check)', async () => {
    corruptIdToken({ claims: { aud: ['bank-dashboard', 'some-other-client'], azp: undefined } });
    expect((await expectSignInRefused()).message).toContain('azp');
  });

  it('expired ten minutes ago (past the 5-minute leeway) → id_token_invalid (Sesame’s check)', async () => {
    corruptIdToken({ claims: { iat: now() - 3600, exp: now() - 600 } });
    expect((await expectSignInRefused()).message).toContain('exp');
  });

  it('iat missing → id_token_invalid (Sesame’s check)', async () => {
    corruptIdToken({ claims: { iat: undefined } });
    expect((await expectSignInRefused()).message).toContain('iat');
  });

  it('iat a day in the future (past the 5-minute leeway) → id_token_invalid (Sesame’s check)', async () => {
    corruptIdToken({ claims: { iat: now() + 86_400, exp: now() + 86_400 + 600 } });
    expect((await expectSignInRefused()).message).toContain('issued in the future (iat)');
  });

  it('HS256 keyed with the client_id (a public client has no secret: anyone can forge it) → id_token_invalid (Sesame’s signature check)', async () => {
    corruptIdToken({ alg: 'HS256' });
    expect((await expectSignInRefused()).message).toContain('signature');
  });

  it('nonce of another attempt → id_token_invalid (oidc-client-ts’s check; Sesame always sends a nonce)', async () => {
    corruptIdToken({ claims: { nonce: 'nonce-of-another-attempt' } });
    await expectSignInRefused();
  });

  it('nonce missing → id_token_invalid (oidc-client-ts’s check)', async () => {
    corruptIdToken({ claims: { nonce: undefined } });
    await expectSignInRefused();
  });

  it('sub missing → id_token_invalid', async () => {
    corruptIdToken({ claims: { sub: undefined } });
    await expectSignInRefused();
  });

  it('alg none (unsigned) → id_token_invalid (Sesame’s check)', async () => {
    corruptIdToken({ alg: 'none' });
    expect((await expectSignInRefused()).message).toContain('alg none');
  });

  it('no ID token at all in the token response → id_token_invalid', async () => {
    corruptIdToken({ drop: true });
    await expectSignInRefused();
  });
});

describe('token response at sign-in', () => {
  it('token_type mac (not one Sesame can send) → token_type_unsupported (Sesame’s check)', async () => {
    stack.proxy.tamperTokenResponse = (body) => ({ ...body, token_type: 'mac' });
    expect((await expectSignInRefused('token_type_unsupported')).message).toContain('token_type');
  });
});

const signedInIdToken = () => storedUser(stack)!.id_token as string;

describe('ID token at refresh', () => {
  it('control: a refresh response with a fresh, correct ID token → refreshed, still Jane', async () => {
    const { client } = await signedIn(stack);
    corruptIdToken({ claims: { iat: now(), exp: now() + 600 } }, signedInIdToken());
    const before = client.peekAccessToken();
    expect(await client.getAccessToken({ forceRefresh: true })).not.toBe(before);
    expect(client.getSnapshot().user?.sub).toBe('usr_jane_doe');
  });

  it('a refresh response whose ID token names another issuer → id_token_invalid, signed out, storage empty', async () => {
    const { client } = await signedIn(stack);
    corruptIdToken({ claims: { iss: 'https://idp.attacker.example' } }, signedInIdToken());
    const refreshes = stack.proxy.tokenRequests.refresh_token;
    const error = await client.getAccessToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect(isAuthError(error, 'id_token_invalid')).toBe(true);
    expect(client.getSnapshot()).toEqual({ status: 'unauthenticated', user: null, error });
    expect(sesameEntries()).toEqual({});
    expect(stack.proxy.tokenRequests.refresh_token).toBe(refreshes + 1);
  });

  it('a refresh response whose ID token is about another user (sub changed) → id_token_invalid, Jane’s session not replaced', async () => {
    const { client } = await signedIn(stack);
    corruptIdToken({ claims: { sub: 'usr_john_smith' } }, signedInIdToken());
    const error = await client.getAccessToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect(isAuthError(error, 'id_token_invalid')).toBe(true);
    expect(client.getSnapshot().user?.sub).not.toBe('usr_john_smith');
    expect(JSON.stringify(sesameEntries())).not.toContain('usr_john_smith');
  });
});
