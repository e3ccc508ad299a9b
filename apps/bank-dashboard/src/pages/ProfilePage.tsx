import { useEffect, useMemo, useState } from 'react';
import { useAccessToken, useAuth } from '@sesame/react';
import { useConfig } from '../app/config-context';
import type { BankClaims } from '../auth/session';
import { shortThumbprint, tokenBinding } from '../auth/token-binding';
import { PageHeader } from '../components/PageHeader';
import { formatDay, formatTime } from '../lib/dates';

const SCOPE_TEXT: Record<string, string> = {
  openid: 'Sign you in',
  profile: 'See your name',
  email: 'See your email address',
  'accounts:read': 'View your accounts and transactions',
  'transfers:write': 'Make transfers',
  'cards:write': 'Freeze and order cards',
};

/** Seconds until `at` (epoch ms), ticking once a second. */
function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return at === null || !Number.isFinite(at) ? null : Math.max(0, Math.round((at - now) / 1000));
}

/** Whether the access token is bound to this browser's DPoP key; the token itself is never shown. */
function TokenProtection({ token }: { token: string }) {
  const binding = useMemo(() => tokenBinding(token), [token]);
  if (binding.kind === 'opaque') return <>Not readable in the page (opaque token)</>;
  if (binding.kind === 'bearer') {
    return (
      <>
        Bearer token{' '}
        <span className="muted">(whoever holds a copy can use it until it expires)</span>
      </>
    );
  }
  return (
    <>
      Sender-constrained (DPoP)
      <span className="badge badge--success">Key-bound</span>
      <br />
      <span className="muted">
        Key thumbprint{' '}
        <code className="mono" title={binding.jkt} data-testid="token-key-thumbprint">
          {shortThumbprint(binding.jkt)}
        </code>
        ; a copy of the token is useless without this browser's key.
      </span>
    </>
  );
}

/** BFF mode: there is no token in the page to describe, which is the point. */
function ServerHeldTokens() {
  return (
    <>
      Tokens: kept on the server (BFF mode)
      <br />
      <span className="muted">
        No token reaches this page: the bank&apos;s server signs in for you, keeps the tokens and
        sends the API DPoP-bound ones.
      </span>
    </>
  );
}

export function ProfilePage() {
  const { bff } = useConfig();
  const profile = useAuth((state) => state.user?.profile as BankClaims | undefined);
  const scopes = useAuth((state) => state.user?.scopes ?? []);
  const { token, expiresAt } = useAccessToken();
  const remaining = useSecondsUntil(expiresAt);
  const protection = bff ? <ServerHeldTokens /> : token ? <TokenProtection token={token} /> : null;
  return (
    <>
      <PageHeader
        title="Profile"
        description="Who you are signed in as, from your sign-in at the bank."
      />
      <div className="profile">
        <section className="panel" aria-labelledby="identity-title">
          <h2 id="identity-title" className="panel__title">
            Your details
          </h2>
          <dl className="summary-list">
            <div>
              <dt>Name</dt>
              <dd data-testid="profile-name">{profile?.name ?? '—'}</dd>
            </div>
            <div>
              <dt>Email</dt>
              <dd data-testid="profile-email">
                {profile?.email ?? '—'}
                {profile?.email_verified ? (
                  <span className="badge badge--success">Verified</span>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>User ID</dt>
              <dd className="mono">{profile?.preferred_username ?? profile?.sub}</dd>
            </div>
            {profile?.auth_time ? (
              <div>
                <dt>Signed in</dt>
                <dd>
                  {formatDay(profile.auth_time * 1000)}, {formatTime(profile.auth_time * 1000)}
                </dd>
              </div>
            ) : null}
          </dl>
        </section>
        <section className="panel" aria-labelledby="access-title">
          <h2 id="access-title" className="panel__title">
            Access this app has
          </h2>
          <ul className="scope-list" data-testid="scopes">
            {scopes.map((scope) => (
              <li key={scope}>
                <code>{scope}</code> <span className="muted">{SCOPE_TEXT[scope] ?? ''}</span>
              </li>
            ))}
          </ul>
          {protection ? (
            <dl className="summary-list">
              <div>
                <dt>Token protection</dt>
                <dd data-testid="token-binding">{protection}</dd>
              </div>
            </dl>
          ) : null}
          <p className="panel__hint" data-testid="token-expiry">
            {expiresAt && remaining !== null ? (
              <>
                {bff ? "The server's access token" : 'The current access token'} expires at{' '}
                {formatTime(expiresAt)}
                {remaining > 0 ? ` (in ${remaining} s)` : ''}; a new one is fetched when needed.
              </>
            ) : (
              'No access token.'
            )}
          </p>
        </section>
      </div>
    </>
  );
}
