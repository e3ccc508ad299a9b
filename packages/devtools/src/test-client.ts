// A fake AuthClient for the panel's tests: state, timeouts and events set by the test, calls recorded.
import { vi } from 'vitest';
import type {
  AuthClient,
  AuthState,
  AuthUser,
  InspectActions,
  ResolvedSettings,
  SessionTimeouts,
} from '@sesame/core';

export const USER: AuthUser = {
  sub: 'jane',
  profile: {
    sub: 'jane',
    iss: 'https://idp.example',
    aud: 'app',
    exp: 2e9,
    iat: 1.9e9,
    name: 'Jane Doe',
  },
  scopes: ['openid', 'profile', 'accounts:read'],
  accessTokenExpiresAt: Date.now() + 95_000,
};

export const SETTINGS = {
  authority: 'https://idp.example',
  client_id: 'bank-dashboard',
  redirect_uri: 'https://app.example/callback',
  scope: 'openid profile accounts:read',
  apiOrigins: ['https://api.example'],
  refreshBeforeExpirySeconds: 30,
  storage: 'session',
  fetchTimeoutMs: 10_000,
  autoRenew: true,
  sessionEndWarningSeconds: 300,
  navigate: () => {},
} satisfies ResolvedSettings;

export function createFakeClient(
  settings: AuthClient['settings'] = SETTINGS,
  actions: InspectActions | undefined = undefined,
) {
  let state: AuthState = { status: 'authenticated', user: USER, error: null };
  let timeouts: SessionTimeouts = { idle: null, sessionExpiresAt: null, sessionEndsSoon: false };
  const listeners = new Set<() => void>();
  const timeoutListeners = new Set<() => void>();
  const inspectors = new Set<(id: number, data: unknown) => void>();
  const on =
    <T>(set: Set<T>) =>
    (listener: T) => {
      set.add(listener);
      return () => void set.delete(listener);
    };
  const client = {
    settings,
    getSnapshot: () => state,
    subscribe: on(listeners),
    initialize: vi.fn(async () => {}),
    signIn: vi.fn(async () => {}),
    signInDecision: () => 'go' as const,
    isCallbackUrl: () => false,
    handleCallback: vi.fn(async () => ({ returnTo: '/' })),
    signOut: vi.fn(async () => {}),
    getAccessToken: vi.fn(async () => 'not-a-real-token'),
    fetch: vi.fn(async () => new Response(null)),
    peekAccessToken: () => null,
    onUserChanged: () => () => {},
    onTokenRefreshed: () => () => {},
    getTimeouts: () => timeouts,
    subscribeTimeouts: on(timeoutListeners),
    reportActivity: () => {},
    dispose: () => {},
    // As core's development build: listeners get (id, data); the actions hang on `inspect`.
    inspect: Object.assign(on(inspectors), { actions }),
  } as unknown as AuthClient;
  return {
    client,
    setState(next: AuthState) {
      state = next;
      for (const listener of [...listeners]) listener();
    },
    setTimeouts(next: SessionTimeouts) {
      timeouts = next;
      for (const listener of [...timeoutListeners]) listener();
    },
    emit(id: number, data?: unknown) {
      for (const listener of [...inspectors]) listener(id, data);
    },
    listening: () => inspectors.size,
  };
}
