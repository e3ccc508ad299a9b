// useAccessToken({ api }) with core's `apis` setting: each API's token, shown and got by name.
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apis } from '@sesame/core';
import { useAccessToken } from './index';
import { atCallback, fakeIdpPerTest, makeClient, renderStrict } from './test-utils';

const idp = fakeIdpPerTest();

describe('useAccessToken({ api })', () => {
  it("shows and gets the named API's token, and the first API's by default", async () => {
    const made = makeClient(idp(), {
      apis: apis({
        bank: { origin: 'https://bank.example', resource: 'https://bank.example/api' },
        investments: { origin: 'https://invest.example', resource: 'https://invest.example/api' },
      }),
    });
    await atCallback(made.client, made.navigate, idp());
    await made.client.handleCallback();
    const got: Record<string, () => Promise<string>> = {};
    function Token({ api }: { api?: string }) {
      const { token, getToken } = useAccessToken(api ? { api } : {});
      got[api ?? 'default'] = getToken;
      return <span data-testid={api ?? 'default'}>{token ?? 'none'}</span>;
    }
    renderStrict(
      <>
        <Token />
        <Token api="investments" />
      </>,
      { client: made.client },
    );
    await waitFor(() =>
      expect(screen.getByTestId('default').textContent).toBe(made.client.peekAccessToken()),
    );
    expect(screen.getByTestId('investments').textContent).toBe('none');

    const investToken = await act(() => got.investments!());
    expect(investToken).not.toBe(made.client.peekAccessToken());
    expect(screen.getByTestId('investments').textContent).toBe(investToken);
    expect(await got.default!()).toBe(made.client.peekAccessToken());
    expect(idp().counters.refresh_token).toBe(1);
  });

  it('rejects api_unknown for a name core does not know', async () => {
    const made = makeClient(idp());
    await atCallback(made.client, made.navigate, idp());
    await made.client.handleCallback();
    let getToken: (() => Promise<string>) | undefined;
    function Token() {
      getToken = useAccessToken({ api: 'investments' }).getToken;
      return null;
    }
    renderStrict(<Token />, { client: made.client });
    await expect(getToken!()).rejects.toMatchObject({ code: 'api_unknown' });
  });
});
