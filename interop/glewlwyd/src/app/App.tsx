// The smallest realistic app: @sesame/react over @sesame/core, as the README's quick start plus a
// call to the bank API and a "refresh now" button. The journeys read what it shows.
import { useEffect, useState } from 'react';
import { AuthProvider, useAuth } from '@sesame/react';
import type { InteropAppConfig } from './config';

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String(error.code)
    : String(error);
}

function Session({ apiUrl }: { apiUrl: string }) {
  const { status, user, error, signIn, signOut, getAccessToken, client } = useAuth();
  const [refreshes, setRefreshes] = useState(0);
  const [bank, setBank] = useState('');
  const [action, setAction] = useState('');

  useEffect(() => client.onTokenRefreshed(() => setRefreshes((count) => count + 1)), [client]);

  const callBank = async () => {
    setBank('…');
    try {
      const response = await client.fetch(`${apiUrl}/me`);
      const body = (await response.json()) as { sub?: string; scopes?: string[] };
      setBank(
        response.ok ? `${response.status} ${body.scopes?.join(' ') ?? ''}` : `${response.status}`,
      );
    } catch (caught) {
      setBank(`error ${errorCode(caught)}`);
    }
  };
  // Never an unhandled rejection: a failed command shows its code.
  const run = (command: () => Promise<unknown>) => () => {
    setAction('…');
    command().then(
      () => setAction('done'),
      (caught: unknown) => setAction(`error ${errorCode(caught)}`),
    );
  };

  return (
    <main>
      <p data-testid="status">{status}</p>
      {error && <p data-testid="error">{error.code}</p>}
      {user ? (
        <>
          <p data-testid="name">{user.profile.name ?? ''}</p>
          <p data-testid="email">{user.profile.email ?? ''}</p>
          <button onClick={() => void callBank()}>Call the bank</button>
          <button onClick={run(() => getAccessToken({ forceRefresh: true }))}>Refresh now</button>
          <button onClick={run(() => signOut())}>Sign out</button>
        </>
      ) : (
        status !== 'loading' && <button onClick={run(() => signIn())}>Sign in</button>
      )}
      <p data-testid="bank">{bank}</p>
      <p data-testid="refreshes">{refreshes}</p>
      <p data-testid="action">{action}</p>
    </main>
  );
}

export function App({ config }: { config: InteropAppConfig }) {
  return (
    <AuthProvider settings={config.settings}>
      <Session apiUrl={config.apiUrl} />
    </AuthProvider>
  );
}
