import { useState } from 'react';
import type { AuthClient } from '@sesame/core';
import { actionsOf } from './inspect-bridge';
import { clientMode } from './mode';
import { failNextTokenRequest } from './simulate-401';
import { useClientState } from './use-client-state';

/**
 * The buttons for testing by hand. Each one asks core (its devtools actions, development builds
 * only) and says in a live region what it did; a button core cannot serve is disabled.
 */
export function Actions({ client }: { client: AuthClient }) {
  const [said, say] = useState('');
  const signedIn = useClientState(client).status === 'authenticated';
  const actions = actionsOf(client);
  const browser = clientMode(client) !== 'bff';
  const run = (label: string, action: () => unknown) => async () => {
    try {
      await action();
      say(`${label}: done`);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      say(`${label}: failed${typeof code === 'string' ? ` (${code})` : ''}`);
    }
  };
  return (
    <div className="actions" role="group" aria-label="Actions">
      <button
        type="button"
        disabled={!signedIn}
        onClick={run('Force a refresh', () =>
          actions ? actions.forceRefresh() : client.getAccessToken({ forceRefresh: true }),
        )}
      >
        Force a refresh
      </button>
      <button
        type="button"
        disabled={!signedIn || !actions?.expireAccessToken}
        onClick={run('Expire the access token', () => actions?.expireAccessToken?.())}
      >
        Expire the access token
      </button>
      <button
        type="button"
        disabled={!signedIn || !browser}
        onClick={run('Simulate a 401 on the next request', failNextTokenRequest)}
      >
        Simulate a 401 on the next request
      </button>
      <button
        type="button"
        disabled={!signedIn || !actions}
        onClick={run('Sign out this tab', () => actions?.signOutThisTab())}
      >
        Sign out this tab
      </button>
      <span role="status" className="muted">
        {said}
      </span>
    </div>
  );
}
