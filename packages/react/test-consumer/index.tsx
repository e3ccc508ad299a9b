// Compiled by `pnpm typecheck` against the *built* packages (dist/*.d.ts), the way an app sees them.
import {
  AuthError,
  createAuthClient,
  isAuthError,
  type AuthClient,
  type AuthState,
  type IdTokenClaims,
} from '@sesame/core';
import {
  AuthLoading,
  AuthProvider,
  SignedIn,
  SignedOut,
  createAuthHooks,
  useAccessToken,
  useAuth,
} from '@sesame/react';

interface BankClaims extends IdTokenClaims {
  name: string;
  customer_id: string;
}

const client: AuthClient<BankClaims> = createAuthClient<BankClaims>({
  authority: 'https://idp.bank.example',
  client_id: 'bank-dashboard',
  redirect_uri: 'https://app.bank.example/callback',
  apiOrigins: ['https://api.bank.example'],
  storage: 'session',
  logger: { debug: () => {} },
});

const { useAuth: useBankAuth } = createAuthHooks<BankClaims>();

function Header() {
  const name: string | undefined = useBankAuth((s) => s.user?.profile.name);
  const customer = useAuth((s: AuthState<BankClaims>) => s.user?.profile.customer_id);
  const { status, signIn, signOut, getAccessToken } = useAuth();
  const { token, expiresAt, getToken } = useAccessToken();
  const onClick = async () => {
    try {
      await getAccessToken({ forceRefresh: { rejectedToken: token ?? '' } });
      await getToken();
      await signIn({ returnTo: '/accounts', prompt: 'login' });
      await signOut({ redirect: false });
    } catch (error) {
      if (isAuthError(error, 'login_required')) return error.retryable;
      if (error instanceof AuthError) return error.code satisfies string;
    }
    return undefined;
  };
  return (
    <button onClick={() => void onClick()}>
      {status} {name} {customer} {expiresAt}
    </button>
  );
}

export function App() {
  return (
    <AuthProvider client={client} onSignedIn={(returnTo: string) => void returnTo}>
      <AuthLoading>…</AuthLoading>
      <SignedIn fallback={null}>
        <Header />
      </SignedIn>
      <SignedOut>
        <button onClick={() => void client.signIn()}>Sign in</button>
      </SignedOut>
    </AuthProvider>
  );
}

export function FromSettings() {
  return (
    <AuthProvider
      settings={{ authority: 'https://idp.example', client_id: 'x', redirect_uri: 'https://a/cb' }}
      skipCallback
      onError={(error: AuthError) => void error.code}
    />
  );
}

// @ts-expect-error -- a provider takes a client or settings, not both
export const Both = <AuthProvider client={client} settings={client.settings} />;

// @ts-expect-error -- the state is a discriminated union: no user unless authenticated
export const noUser = (s: AuthState) => s.status === 'unauthenticated' && s.user.sub;
