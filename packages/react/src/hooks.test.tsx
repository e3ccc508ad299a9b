import { describe, expect, it } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { Profiler } from 'react';
import { createAuthHooks, useAccessToken, useAuth } from './index';
import { atCallback, fakeIdpPerTest, makeClient, renderStrict } from './test-utils';

const idp = fakeIdpPerTest();

async function signedInClient() {
  const made = makeClient(idp());
  await atCallback(made.client, made.navigate, idp());
  await made.client.handleCallback();
  return made;
}

describe('useAuth(selector)', () => {
  it('does not re-render a component that selects only the name across token refreshes', async () => {
    const { client } = await signedInClient();
    let renders = 0;
    function Name() {
      const name = useAuth((s) => s.user?.profile.name);
      return <span data-testid="name">{name}</span>;
    }
    let tokenRenders = 0;
    function Token() {
      const { token } = useAccessToken();
      return <span data-testid="token">{token}</span>;
    }
    renderStrict(
      <>
        <Profiler id="name" onRender={() => renders++}>
          <Name />
        </Profiler>
        <Profiler id="token" onRender={() => tokenRenders++}>
          <Token />
        </Profiler>
      </>,
      { client },
    );
    await waitFor(() => expect(screen.getByTestId('name').textContent).toBe('Jane Doe'));
    const rendersBefore = renders;
    const tokenRendersBefore = tokenRenders;
    for (let i = 1; i <= 5; i++) {
      idp().setAccessTokenTtl(300 + i); // every refresh changes the snapshot
      await act(() => client.getAccessToken({ forceRefresh: true }));
      expect(screen.getByTestId('token').textContent).toBe(client.peekAccessToken());
    }
    expect(idp().counters.refresh_token).toBe(5);
    expect(renders - rendersBefore).toBe(0);
    expect(tokenRenders - tokenRendersBefore).toBe(5); // the token display does follow
  });

  it('uses isEqual to keep a derived value', async () => {
    const { client } = await signedInClient();
    let renders = 0;
    function Scopes() {
      renders++;
      const scopes = useAuth(
        (s) => [...(s.user?.scopes ?? [])],
        (a, b) => a.join() === b.join(),
      );
      return <span>{scopes.join(' ')}</span>;
    }
    renderStrict(<Scopes />, { client });
    await waitFor(() => expect(screen.getByText('openid profile email')).toBeTruthy());
    const before = renders;
    idp().setAccessTokenTtl(301);
    await act(() => client.getAccessToken({ forceRefresh: true }));
    expect(renders).toBe(before);
  });

  it('types claims through createAuthHooks', async () => {
    interface BankClaims {
      iss: string;
      sub: string;
      aud: string | string[];
      exp: number;
      iat: number;
      [claim: string]: unknown;
      name: string;
    }
    const hooks = createAuthHooks<BankClaims>();
    const { client } = await signedInClient();
    function Greeting() {
      const name: string | undefined = hooks.useAuth((s) => s.user?.profile.name);
      const { getAccessToken } = hooks.useAuth();
      return <span data-testid="g">{`${name} ${typeof getAccessToken}`}</span>;
    }
    renderStrict(<Greeting />, { client });
    await waitFor(() => expect(screen.getByTestId('g').textContent).toBe('Jane Doe function'));
  });
});
