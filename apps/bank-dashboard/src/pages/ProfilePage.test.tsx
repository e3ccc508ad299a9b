import { StrictMode } from 'react';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockAuthProvider, createMockAuthClient } from '@sesame/testing';
import { ConfigContext } from '../app/config-context';
import type { BankClaims } from '../auth/session';
import { DEFAULT_CONFIG } from '../config/runtime-config';
import { shortThumbprint, tokenBinding } from '../auth/token-binding';
import { ProfilePage } from './ProfilePage';

const JKT = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';

/** An unsigned JWT with `claims` (the page never verifies: it only displays). */
const jwt = (claims: Record<string, unknown>) =>
  [{ typ: 'at+jwt', alg: 'ES256' }, claims]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .concat('c2lnbmF0dXJl')
    .join('.');

/** Renders the page signed in as Jane, whose page sees `accessToken` (BFF mode: none, `null`). */
function renderPage(accessToken: string | null, { bff = false } = {}) {
  const auth = createMockAuthClient<BankClaims>({
    user: { sub: 'usr_jane_doe', name: 'Jane Doe', email: 'jane.doe@example.com' },
  });
  vi.spyOn(auth, 'peekAccessToken').mockReturnValue(accessToken);
  render(
    <StrictMode>
      <ConfigContext.Provider value={{ ...DEFAULT_CONFIG, bff }}>
        <MockAuthProvider client={auth}>
          <ProfilePage />
        </MockAuthProvider>
      </ConfigContext.Provider>
    </StrictMode>,
  );
}

/** {@link renderPage}, then the 'Token protection' row's description. */
function renderProfile(accessToken: string | null, options: { bff?: boolean } = {}) {
  renderPage(accessToken, options);
  return screen.getByTestId('token-binding');
}

afterEach(cleanup);

describe('ProfilePage: token protection', () => {
  it('shows a DPoP-bound token as sender-constrained, with the shortened key thumbprint', () => {
    const token = jwt({ sub: 'usr_jane_doe', cnf: { jkt: JKT }, name: 'Jane Dœ' });
    const binding = renderProfile(token);
    expect(binding.textContent).toContain('Sender-constrained (DPoP)');
    expect(binding.textContent).not.toContain('Bearer token');
    const thumbprint = within(binding).getByTestId('token-key-thumbprint');
    expect(thumbprint.textContent).toBe('NzbLsXh8…C9Xs');
    expect(document.body.innerHTML).not.toContain(token);
    expect(document.body.innerHTML).not.toContain(token.split('.')[1]);
  });

  it('shows a token without cnf.jkt as a bearer token', () => {
    const token = jwt({ sub: 'usr_jane_doe', scope: 'accounts:read' });
    const binding = renderProfile(token);
    expect(binding.textContent).toMatch(/^Bearer token/);
    expect(binding.textContent).not.toContain('DPoP');
    expect(within(binding).queryByTestId('token-key-thumbprint')).toBeNull();
    expect(document.body.innerHTML).not.toContain(token);
  });

  it.each([
    ['browser mode', jwt({ cnf: { jkt: JKT } }), false],
    ['BFF mode', null, true],
  ])(
    'labels the row for assistive technology in %s (a term and its description)',
    (_m, token, bff) => {
      const binding = renderProfile(token, { bff });
      expect(binding.tagName).toBe('DD');
      expect(binding.previousElementSibling?.tagName).toBe('DT');
      expect(binding.previousElementSibling?.textContent).toBe('Token protection');
      expect(binding.closest('dl')).not.toBeNull();
    },
  );

  it('says the tokens are kept on the server in BFF mode, with no DPoP or Bearer line', () => {
    const binding = renderProfile(null, { bff: true });
    expect(binding.textContent).toMatch(/^Tokens: kept on the server \(BFF mode\)/);
    expect(binding.textContent).not.toContain('Bearer token');
    expect(binding.textContent).not.toContain('Sender-constrained');
    expect(within(binding).queryByTestId('token-key-thumbprint')).toBeNull();
  });

  it('shows no protection row in browser mode while the page has no token', () => {
    renderPage(null);
    expect(screen.queryByTestId('token-binding')).toBeNull();
    expect(screen.queryByText(/kept on the server/)).toBeNull();
  });
});

describe('tokenBinding', () => {
  it.each([
    ['a JWT with cnf.jkt', jwt({ cnf: { jkt: JKT } }), { kind: 'dpop', jkt: JKT }],
    ['a JWT without cnf', jwt({ sub: 'x' }), { kind: 'bearer' }],
    ['a JWT with an empty jkt', jwt({ cnf: { jkt: '' } }), { kind: 'bearer' }],
    ['a JWT with cnf not an object', jwt({ cnf: 'x' }), { kind: 'bearer' }],
    ['an opaque token', 'Jx7fQ2rXk9', { kind: 'opaque' }],
    ['three parts that are not JSON', 'a.b.c', { kind: 'opaque' }],
  ])('reads %s', (_name, token, expected) => {
    expect(tokenBinding(token)).toEqual(expected);
  });

  it('shortens a thumbprint to its first 8 and last 4 characters', () => {
    expect(shortThumbprint(JKT)).toBe('NzbLsXh8…C9Xs');
    expect(shortThumbprint('short')).toBe('short');
  });
});
