import { useAuth } from '@sesame/react';
import type { BankClaims } from '../auth/session';
import { useConfig } from '../app/config-context';
import { formatTime } from '../lib/dates';

/** Who is signed in, and when the session ends at the latest (the IdP's absolute lifetime). */
export function SessionIndicator() {
  const profile = useAuth((state) => state.user?.profile as BankClaims | undefined);
  const { sessionLifetimeSeconds } = useConfig();
  if (!profile) return null;
  const signedInAt = profile.auth_time ?? profile.iat;
  const endsAt = signedInAt ? (signedInAt + sessionLifetimeSeconds) * 1000 : undefined;
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
          <span className="session__ends">
            Session ends <time dateTime={new Date(endsAt).toISOString()}>{formatTime(endsAt)}</time>
          </span>
        ) : null}
      </span>
    </div>
  );
}
