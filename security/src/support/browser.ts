// The real engine (@sesame/core) in jsdom, signing in at the real IdP through its own pages.
import { createAuthClient, type AuthClient, type AuthClientSettings } from '@sesame/core';
import { DASHBOARD_CLIENT_ID, DEFAULT_DASHBOARD_SCOPE } from '@sesame/idp';
import { completeLogin, type CompleteLoginOptions } from '@sesame/idp/testing';
import { expect, vi, type Mock } from 'vitest';
import { APP, credentials, type DemoLogin, type Stack } from './stack';

export type Navigate = Mock<(url: string, form?: URLSearchParams) => void>;

export function makeClient(stack: Stack, extra: Partial<AuthClientSettings> = {}) {
  const navigate: Navigate = vi.fn<(url: string, form?: URLSearchParams) => void>();
  const client: AuthClient = createAuthClient({
    authority: stack.issuer,
    client_id: DASHBOARD_CLIENT_ID,
    redirect_uri: `${APP}/callback`,
    post_logout_redirect_uri: `${APP}/`,
    scope: DEFAULT_DASHBOARD_SCOPE,
    navigate,
    autoRenew: false,
    ...extra,
  });
  return { client, navigate };
}

/** The URL of the last navigation the engine asked for. */
export const lastNavigation = (navigate: Navigate) => navigate.mock.calls.at(-1)![0];

/**
 * Starts a sign-in, plays the user on the IdP's pages, and returns the redirect back to the app
 * (the authorization response) without putting it in the address bar yet.
 */
export async function authorizationResponse(
  client: AuthClient,
  navigate: Navigate,
  login: DemoLogin = 'jane.doe',
  options: CompleteLoginOptions & { returnTo?: string; prompt?: 'none' } = {},
) {
  const { returnTo, prompt, ...loginOptions } = options;
  await client.signIn({ ...(returnTo && { returnTo }), ...(prompt && { prompt }) });
  return completeLogin(lastNavigation(navigate), credentials(login), loginOptions);
}

/** Puts `url` in the address bar, as the IdP's redirect does. */
export const arriveAt = (url: string) => window.history.replaceState(null, '', url);

/** A signed-in engine: sign-in at the real IdP and the callback handled; `navigate` cleared. */
export async function signedIn(stack: Stack, extra: Partial<AuthClientSettings> = {}) {
  const made = makeClient(stack, extra);
  const callbackUrl = await authorizationResponse(made.client, made.navigate);
  arriveAt(callbackUrl);
  await made.client.handleCallback();
  expect(made.client.getSnapshot().status).toBe('authenticated');
  made.navigate.mockClear(); // from here on, a navigation is something the case caused
  return { ...made, callbackUrl };
}

/** Every Web Storage entry Sesame wrote (user and sign-in state), from both areas. */
export function sesameEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const area of [sessionStorage, localStorage]) {
    for (let i = 0; i < area.length; i++) {
      const key = area.key(i)!;
      if (key.startsWith('sesame.')) entries[key] = area.getItem(key)!;
    }
  }
  return entries;
}

/** The stored user (tokens included), or null. */
export function storedUser(stack: Stack): Record<string, unknown> | null {
  const raw = sessionStorage.getItem(`sesame.user:${DASHBOARD_CLIENT_ID}@${stack.issuer}`);
  return raw === null ? null : (JSON.parse(raw) as Record<string, unknown>);
}

/** Nothing of a user or a sign-in attempt stays in Web Storage. */
export function expectNothingStored() {
  expect(sesameEntries()).toEqual({});
}

export function resetBrowser() {
  sessionStorage.clear();
  localStorage.clear();
  arriveAt(`${APP}/`);
}
