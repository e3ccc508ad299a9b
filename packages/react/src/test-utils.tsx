// Shared set-up for the React binding's tests: StrictMode rendering over a client and a fake IdP.
import { StrictMode, type ReactNode } from 'react';
import { cleanup, render, type RenderResult } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { createAuthClient, type AuthClient, type AuthClientSettings } from '@sesame/core';
import { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';
import { AuthProvider, type AuthProviderProps } from './index';

export { startFakeIdp, type FakeIdp } from '@sesame/test-stack/fake-idp';

export const APP = 'http://localhost:3000';

export function makeClient(idp: { issuer: string }, extra: Partial<AuthClientSettings> = {}) {
  const navigate = vi.fn<(url: string) => void>();
  const client = createAuthClient({
    authority: idp.issuer,
    client_id: 'bank-dashboard',
    redirect_uri: `${APP}/callback`,
    navigate,
    autoRenew: false,
    ...extra,
  });
  return { client, navigate };
}

/** Signs in at the fake IdP and leaves the callback URL in the address bar. */
export async function atCallback(
  client: AuthClient,
  navigate: ReturnType<typeof vi.fn>,
  idp: FakeIdp,
  options: { returnTo?: string; error?: string } = {},
) {
  await client.signIn(options.returnTo ? { returnTo: options.returnTo } : {});
  const url = idp.authorize(navigate.mock.calls.at(-1)![0] as string, undefined, {
    error: options.error ?? '',
  });
  window.history.replaceState(null, '', url);
  return url;
}

export function renderStrict(
  ui: ReactNode,
  props: Omit<AuthProviderProps, 'children' | 'settings'> & { client: AuthClient },
): RenderResult {
  return render(
    <StrictMode>
      <AuthProvider {...props}>{ui}</AuthProvider>
    </StrictMode>,
  );
}

export function resetBrowser() {
  sessionStorage.clear();
  localStorage.clear();
  window.history.replaceState(null, '', `${APP}/`);
}

/**
 * Gives every test of the calling file a clean browser and its own fake IdP, unmounts and stops it after the test.
 * Returns the running IdP's getter: call it inside a test, not at the top of the file.
 */
export function fakeIdpPerTest(): () => FakeIdp {
  let idp: FakeIdp | undefined;
  beforeEach(async () => {
    resetBrowser();
    idp = await startFakeIdp();
  });
  afterEach(async () => {
    cleanup();
    await idp?.stop();
  });
  return () => idp!;
}
