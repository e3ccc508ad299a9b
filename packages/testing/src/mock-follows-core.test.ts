// The mock re-decides nothing: its fetch is core's fetch layer. Here one rule of core is changed in
// core's module only (through vi.mock), and the mock, untouched, follows it. A mock that copied the
// rules would keep the old ones and fail these tests.
import { AuthError } from '@sesame/core';
import type { AuthFetchDeps } from '@sesame/core/internals';
import * as coreInternals from '@sesame/core/internals';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMockAuthClient } from './mock-client';
import { bearerOf } from './mock-token';

const API = 'https://api.bank.test';
// Hoisted with vi.mock, which runs before this module's own constants exist.
const { PARTNER, core } = vi.hoisted(() => ({
  PARTNER: 'https://partner.bank.test',
  core: { allowListIncludesPartner: false },
}));

vi.mock('@sesame/core/internals', async (importOriginal) => {
  const real = await importOriginal<typeof coreInternals>();
  return {
    ...real,
    // Core's own fetch layer; with the switch on, its "token to this origin?" rule also says yes to
    // PARTNER, as if that rule had been changed in core.
    createAuthFetch: vi.fn((deps: AuthFetchDeps) =>
      real.createAuthFetch(
        core.allowListIncludesPartner
          ? { ...deps, apiOrigins: [...deps.apiOrigins, PARTNER] }
          : deps,
      ),
    ),
  };
});

const echo = vi.fn(async (request: Request) =>
  Response.json({ sub: bearerOf(request)?.sub ?? null }),
);
const mockFor = () =>
  createMockAuthClient({ user: { sub: 'jane' }, apiOrigins: [API], fetch: echo });

beforeEach(() => {
  core.allowListIncludesPartner = false;
  vi.mocked(coreInternals.createAuthFetch).mockClear();
});

describe('the mock client follows core, not a copy of it', () => {
  it("its fetch is the function core's createAuthFetch built, over the mock's token source", async () => {
    const mock = mockFor();
    const { createAuthFetch } = vi.mocked(coreInternals);
    expect(createAuthFetch).toHaveBeenCalledTimes(1);
    expect(mock.fetch).toBe(createAuthFetch.mock.results[0]!.value);
    const [deps] = createAuthFetch.mock.calls[0]!;
    expect(deps.apiOrigins).toEqual([API]);
    expect(await deps.getAccessToken()).toBe('mock.jane.1');
    expect(deps.currentSub()).toBe('jane');
  });

  it('a rule changed in core changes what the mock does, with no change to the mock', async () => {
    const before = mockFor();
    expect(await (await before.fetch(`${PARTNER}/offers`)).json()).toEqual({ sub: null });

    core.allowListIncludesPartner = true;
    const after = mockFor();
    expect(await (await after.fetch(`${PARTNER}/offers`)).json()).toEqual({ sub: 'jane' });
    expect(await (await after.fetch(`${API}/accounts`)).json()).toEqual({ sub: 'jane' });
  });

  it("rejects with @sesame/core's own AuthError class (one copy of core, shared by both entries)", async () => {
    const error = await mockFor()
      .fetch('https://elsewhere.test/x', { auth: 'required' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'token_origin_not_allowed' });
  });
});
