import type { AuthClient } from '@sesame/core';
import { idleDeadline } from './client-keys';
import { countdown, showClaim } from './format';
import { clientMode, storageLabel } from './mode';
import { useClientState, useClientTimeouts } from './use-client-state';
import { useNow } from './use-now';

const MODE_LABEL = {
  bff: 'BFF (no token in the page)',
  dpop: 'browser, DPoP-bound tokens',
  bearer: 'browser, Bearer tokens',
} as const;

/** Session: who is signed in, what the tokens allow, and when each deadline falls (live). */
export function SessionPanel({ client }: { client: AuthClient }) {
  const state = useClientState(client);
  const timeouts = useClientTimeouts(client);
  const now = useNow();
  const user = state.user;
  const idle = timeouts.idle;
  return (
    <>
      <dl aria-label="Session">
        <dt>Status</dt>
        <dd>
          <span className={state.status === 'error' ? 'bad' : undefined}>{state.status}</span>
          {state.error && <code> {state.error.code}</code>}
        </dd>
        <dt>Mode</dt>
        <dd>{MODE_LABEL[clientMode(client)]}</dd>
        <dt>Storage</dt>
        <dd>{storageLabel(client)}</dd>
        <dt>Access token expires</dt>
        <dd>
          {user ? <span aria-live="off">{countdown(user.accessTokenExpiresAt, now)}</span> : '—'}
        </dd>
        <dt>Session ends</dt>
        <dd>
          {timeouts.sessionExpiresAt === null
            ? 'unknown'
            : countdown(timeouts.sessionExpiresAt, now)}
          {timeouts.sessionEndsSoon && <span className="bad"> (soon)</span>}
        </dd>
        <dt>Idle timer</dt>
        <dd>
          {idle
            ? idle.warning
              ? `warning: signing out in ${idle.secondsLeft ?? '?'}s`
              : `running: signs out in ${countdown(idleDeadline(client), now)} without activity`
            : 'off'}
        </dd>
        <dt>Scopes</dt>
        <dd>{user ? user.scopes.join(' ') || '—' : '—'}</dd>
      </dl>
      {user && (
        <>
          <h3 id="sesame-devtools-claims">User claims (from the ID token and userinfo)</h3>
          <table aria-labelledby="sesame-devtools-claims">
            <thead>
              <tr>
                <th scope="col">Claim</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(user.profile).map(([claim, value]) => (
                <tr key={claim}>
                  <td>
                    <code>{claim}</code>
                  </td>
                  <td>{showClaim(claim, value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
