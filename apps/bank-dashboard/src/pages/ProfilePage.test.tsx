import { StrictMode } from 'react';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockAuthProvider, createMockAuthClient } from '@sesame/testing';
import type { BankClaims } from '../auth/session';
import { shortThumbprint, tokenBinding } from '../auth/token-binding';
import { ProfilePage } from './ProfilePage';

const JKT = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';

/** An unsigned JWT with `claims` (the page never verifies: it only displays). */
const jwt = (claims: Record<string, unknown>) =>
  [{ typ: 'at+jwt', alg: 'ES256' }, claims]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .concat('c2lnbmF0dXJl')
    .join('.');

function renderProfile(accessToken: string) {
  const auth = createMockAuthClient<BankClaims>({
    user: { sub: 'usr_jane_doe', name: 'Jane Doe', email: 'jane.doe@example.com' },
  });
  vi.spyOn(auth, 'peekAccessToken').mockReturnValue(accessToken);
  render(
    <StrictMode>
      <MockAuthProvider client={auth}>
        <ProfilePage />
      </MockAuthProvider>
    </StrictMode>,
  );
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

  it('labels the row for assistive technology (a term and its description)', () => {
    const binding = renderProfile(jwt({ cnf: { jkt: JKT } }));
    expect(binding.tagName).toBe('DD');
    expect(binding.previousElementSibling?.tagName).toBe('DT');
    expect(binding.previousElementSibling?.textContent).toBe('Token protection');
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
