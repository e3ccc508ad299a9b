// The mock re-decides nothing: it asks core's own modules (the fetch layer, "refresh now?", the
// automatic sign-in policy). Here one rule at a time is changed in core's module only (through
// vi.mock), and the mock, untouched, follows it. A mock that copied the rules would keep the old
// ones and fail these tests.
import type * as core from '@sesame/core';
import { AuthError } from '@sesame/core';
import type { AuthFetchDeps, mustRefresh } from '@sesame/core/internals';
import * as coreInternals from '@sesame/core/internals';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMockAuthClient } from './mock-client';
import { bearerOf } from './mock-token';

const API = 'https://api.bank.test';
// Hoisted with vi.mock, which runs before this module's own constants exist.
const { PARTNER, changed } = vi.hoisted(() => ({
  PARTNER: 'https://partner.bank.test',
  /** Which of core's rules the test has changed. */
  changed: { allowList: false, freshness: false, signInCooldown: false },
}));

vi.mock('@sesame/core/internals', async (importOriginal) => {
  const real = await importOriginal<typeof coreInternals>();
  return {
    ...real,
    // Core's own fetch layer; changed, its "token to this origin?" rule also says yes to PARTNER.
    createAuthFetch: vi.fn((deps: AuthFetchDeps) =>
      real.createAuthFetch(
        changed.allowList ? { ...deps, apiOrigins: [...deps.apiOrigins, PARTNER] } : deps,
      ),
    ),
    // Core's own "refresh now?"; changed, a token stays fresh until it expires (no margin).
    mustRefresh: vi.fn(
      (...[token, expiresAt, margin, now, force]: Parameters<typeof mustRefresh>) =>
        real.mustRefresh(token, expiresAt, changed.freshness ? 0 : margin, now, force),
    ),
  };
});

vi.mock('@sesame/core', async (importOriginal) => {
  const real = await importOriginal<typeof core>();
  return {
    ...real,
    // Core's own policy; changed, it has no cooldown after the last sign-in (where it would refuse
    // with redirect_loop_prevented, it now says go).
    decideAutoSignIn: vi.fn((...args: Parameters<typeof real.decideAutoSignIn>) => {
      const answer = real.decideAutoSignIn(...args);
      const cooldown =
        answer instanceof real.AuthError && answer.code === 'redirect_loop_prevented';
      return changed.signInCooldown && cooldown ? 'go' : answer;
    }),
  };
});

const echo = vi.fn(async (request: Request) =>
  Response.json({ sub: bearerOf(request)?.sub ?? null }),
);
const mockFor = () =>
  createMockAuthClient({ user: { sub: 'jane' }, apiOrigins: [API], fetch: echo });

beforeEach(() => {
  Object.assign(changed, { allowList: false, freshness: false, signInCooldown: false });
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

  it("core's allow-list changed: the mock's fetch sends the token where core now says", async () => {
    const before = mockFor();
    expect(await (await before.fetch(`${PARTNER}/offers`)).json()).toEqual({ sub: null });

    changed.allowList = true;
    const after = mockFor();
    expect(await (await after.fetch(`${PARTNER}/offers`)).json()).toEqual({ sub: 'jane' });
    expect(await (await after.fetch(`${API}/accounts`)).json()).toEqual({ sub: 'jane' });
  });

  it("core's freshness rule changed: the mock's getAccessToken refreshes when core now says", async () => {
    let clock = 0;
    // 290 s into a 300 s token: inside core's 30 s refresh margin.
    const nearExpiry = async () => {
      clock = 0;
      const mock = createMockAuthClient({ user: { sub: 'jane' }, now: () => clock });
      clock = 290_000;
      return mock.getAccessToken();
    };
    expect(await nearExpiry()).toBe('mock.jane.2');
    changed.freshness = true;
    expect(await nearExpiry()).toBe('mock.jane.1');
  });

  it("core's sign-in policy changed: the mock's automatic sign-in goes when core now says", async () => {
    const signInRightAfterSessionEnd = async () => {
      const mock = createMockAuthClient({ user: { sub: 'jane' }, signInAs: { sub: 'jane' } });
      mock.expireSession();
      await mock.signIn({ auto: true });
      return mock.getSnapshot();
    };
    expect(await signInRightAfterSessionEnd()).toMatchObject({
      status: 'error',
      error: { code: 'redirect_loop_prevented' },
    });
    changed.signInCooldown = true;
    expect(await signInRightAfterSessionEnd()).toMatchObject({
      status: 'authenticated',
      user: { sub: 'jane' },
    });
  });

  it("rejects with @sesame/core's own AuthError class (one copy of core, shared by both entries)", async () => {
    const error = await mockFor()
      .fetch('https://elsewhere.test/x', { auth: 'required' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'token_origin_not_allowed' });
  });
});
