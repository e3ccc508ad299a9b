// @sesame/testing with Mock Service Worker: the mock client sends through the global fetch, which
// MSW's server intercepts, and the handler checks the token with expectBearer.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearerOf, createMockAuthClient, expectBearer } from './index';

const API = 'https://api.bank.test';
let rejectNext = 0;

const server = setupServer(
  http.get(`${API}/accounts`, ({ request }) => {
    if (rejectNext > 0) {
      rejectNext -= 1;
      return new HttpResponse(null, { status: 401 });
    }
    const { sub } = expectBearer(request, 'jane');
    return HttpResponse.json({ owner: sub, generation: bearerOf(request)!.n });
  }),
  http.get('https://elsewhere.test/status', ({ request }) =>
    HttpResponse.json({ authorization: request.headers.get('authorization') }),
  ),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  rejectNext = 0;
});
afterAll(() => server.close());

describe('@sesame/testing with MSW', () => {
  it("the handler sees the signed-in user's mock token, and other origins see none", async () => {
    const auth = createMockAuthClient({ user: { sub: 'jane' }, apiOrigins: [API] });
    expect(await (await auth.fetch(`${API}/accounts`)).json()).toEqual({
      owner: 'jane',
      generation: 1,
    });
    expect(await (await auth.fetch('https://elsewhere.test/status')).json()).toEqual({
      authorization: null,
    });
  });

  it('a 401 from the handler → one refresh, one retry with the next token', async () => {
    const auth = createMockAuthClient({ user: { sub: 'jane' }, apiOrigins: [API] });
    rejectNext = 1;
    expect(await (await auth.fetch(`${API}/accounts`)).json()).toEqual({
      owner: 'jane',
      generation: 2,
    });
  });

  it("expectBearer fails the handler (a 500) when another user's token arrives", async () => {
    const auth = createMockAuthClient({ user: { sub: 'john' }, apiOrigins: [API] });
    const response = await auth.fetch(`${API}/accounts`);
    expect(response.status).toBe(500);
  });
});
