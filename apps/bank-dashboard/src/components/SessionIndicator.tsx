import { useAuth, useSessionEnd } from '@sesame/react';
import type { BankClaims } from '../auth/session';
import { formatTime } from '../lib/dates';

/**
 * Who is signed in, and when the session ends at the latest (the IdP's absolute refresh-token
 * lifetime, from the engine's `sessionMaxAgeSeconds`), highlighted from 5 minutes before.
 */
export function SessionIndicator() {
  const profile = useAuth((state) => state.user?.profile as BankClaims | undefined);
  const { sessionExpiresAt: endsAt, sessionEndsSoon } = useSessionEnd();
  if (!profile) return null;
  const name = profile.name ?? profile.preferred_username ?? 'Customer';
  const initials = name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <div className="session" data-testid="session-indicator">
      <span className="session__avatar" aria-hidden="true">
        {initials}
      </span>
      <span className="session__text">
        <span className="session__name">{name}</span>
        {endsAt ? (
          <span
            className={sessionEndsSoon ? 'session__ends session__ends--soon' : 'session__ends'}
            role={sessionEndsSoon ? 'status' : undefined}
            data-testid="session-ends"
          >
            {sessionEndsSoon ? 'Session ends soon, at ' : 'Session ends '}
            <time dateTime={new Date(endsAt).toISOString()}>{formatTime(endsAt)}</time>
            {sessionEndsSoon ? ': save your work' : null}
          </span>
        ) : null}
      </span>
    </div>
  );
}
