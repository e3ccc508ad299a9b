// Shared set-up for the engine's tests: a client wired to a fake IdP with a navigate spy.
import { vi } from 'vitest';
import { createAuthClient } from '../client';
import { idleTimer } from '../idle';
import { crossTabLock } from '../refresh-lock';
import type { AuthClientSettings } from '../settings';
import type { AuthClient } from '../types';
import type { FakeIdp } from '@sesame/test-stack/fake-idp';

export const APP = 'http://localhost:3000';

export function makeClient(idp: { issuer: string }, extra: Partial<AuthClientSettings> = {}) {
  const navigate = vi.fn<NonNullable<AuthClientSettings['navigate']>>();
  const client = createAuthClient({
    authority: idp.issuer,
    client_id: 'bank-dashboard',
    redirect_uri: `${APP}/callback`,
    post_logout_redirect_uri: `${APP}/`,
    navigate,
    autoRenew: false,
    // Used only by the tests with `storage: 'local'` or `idleTimeoutSeconds`, which need them as an app does.
    crossTabLock,
    idleTimer,
    ...extra,
  });
  return { client, navigate };
}

/** The last URL the client navigated to. */
export const lastUrl = (navigate: ReturnType<typeof vi.fn>) =>
  navigate.mock.calls.at(-1)![0] as string;

/** Starts a sign-in, plays the user at the fake IdP and puts the callback URL in the address bar. */
export async function reachCallback(
  client: AuthClient,
  navigate: ReturnType<typeof vi.fn>,
  idp: FakeIdp,
  options: { returnTo?: string; sub?: string; error?: string; prompt?: 'none' } = {},
) {
  await client.signIn({
    ...(options.returnTo && { returnTo: options.returnTo }),
    ...(options.prompt && { prompt: options.prompt }),
  });
  const callbackUrl = idp.authorize(lastUrl(navigate), options.sub, { error: options.error ?? '' });
  window.history.replaceState(null, '', callbackUrl);
  return callbackUrl;
}

export async function signedIn(idp: FakeIdp, extra: Partial<AuthClientSettings> = {}) {
  const made = makeClient(idp, extra);
  await reachCallback(made.client, made.navigate, idp);
  await made.client.handleCallback();
  return made;
}

export function resetBrowser() {
  sessionStorage.clear();
  localStorage.clear();
  window.history.replaceState(null, '', `${APP}/`);
}
