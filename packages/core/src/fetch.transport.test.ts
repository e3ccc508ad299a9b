// createAuthFetch's transport: what @sesame/testing injects to run core's request rules over a stub.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuthFetch, type AuthFetchDeps } from './fetch';

const API = 'https://api.bank.test';

const engine = (overrides: Partial<AuthFetchDeps> = {}): AuthFetchDeps => ({
  apiOrigins: [API],
  getAccessToken: async (options) => (options?.forceRefresh ? 'token-2' : 'token-1'),
  currentSub: () => 'jane',
  endSession: () => {},
  log: () => {},
  ...overrides,
});

const bearers = (transport: ReturnType<typeof vi.fn>) =>
  transport.mock.calls.map(([, init]) =>
    new Headers((init as RequestInit).headers).get('authorization'),
  );

afterEach(() => vi.unstubAllGlobals());

describe('createAuthFetch transport', () => {
  it('sends every attempt through the injected transport, never the global fetch', async () => {
    const globalFetch = vi.fn();
    vi.stubGlobal('fetch', globalFetch);
    const transport = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(new Response(null, { status: 401 }))
      .mockResolvedValueOnce(new Response('ok'));
    const authFetch = createAuthFetch(engine({ transport }));

    expect(await (await authFetch(`${API}/accounts`)).text()).toBe('ok');
    expect(bearers(transport)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(globalFetch).not.toHaveBeenCalled();
  });

  it('without one, uses the global fetch of the moment of each request (MSW patches it late)', async () => {
    const authFetch = createAuthFetch(engine());
    const late = vi.fn<typeof fetch>().mockResolvedValue(new Response('late'));
    vi.stubGlobal('fetch', late);
    expect(await (await authFetch(`${API}/accounts`)).text()).toBe('late');
    expect(bearers(late)).toEqual(['Bearer token-1']);
  });

  it("turns the transport's failure into a retryable network_error", async () => {
    const transport = vi.fn<typeof fetch>().mockRejectedValue(new TypeError('fetch failed'));
    await expect(createAuthFetch(engine({ transport }))(`${API}/x`)).rejects.toMatchObject({
      code: 'network_error',
      retryable: true,
    });
  });
});
