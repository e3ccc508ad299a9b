import { describe, expect, it } from 'vitest';
import type { DevtoolsEvent } from './inspect-bridge';
import { requestRows } from './requests';

const at = 1_000;
const started = (request: number, origin: string, path = '/x'): DevtoolsEvent => ({
  id: 93,
  at,
  data: { request, method: 'GET', origin, path },
});
const settled = (request: number, outcome: { status: number } | { code: string }) => ({
  id: 94,
  at,
  data: { request, ...outcome },
});

describe('requestRows', () => {
  it("joins each watched call with core's token decision and its answer's status", () => {
    const rows = requestRows([
      started(1, 'https://api.example', '/accounts'),
      started(2, 'https://cdn.example'),
      { id: 15, at, data: { origin: 'https://cdn.example', auth: 'auto' } },
      { id: 60, at, data: { origin: 'https://api.example' } },
      settled(2, { status: 304 }),
      settled(1, { status: 200 }),
      started(3, 'https://api.example'),
      { id: 15, at, data: { origin: 'https://api.example', auth: 'none' } },
      settled(3, { status: 404 }),
      { id: 9, at, data: { expiresAt: 2 } }, // not a request event: ignored
    ]);
    expect(rows.map((row) => [row.request, row.path, row.token, row.status])).toEqual([
      [1, '/accounts', 'sent', 200],
      [2, '/x', 'not sent: origin not in apiOrigins', 304],
      [3, '/x', "not sent: auth 'none'", 404],
    ]);
  });

  it('a call that throws shows the error code; pending calls have no status yet', () => {
    const rows = requestRows([
      started(1, 'https://evil.example'),
      settled(1, { code: 'token_origin_not_allowed' }),
      started(2, 'https://api.example'),
      { id: 60, at, data: { origin: 'https://api.example' } },
    ]);
    expect(rows.map((row) => [row.token, row.status, row.settled])).toEqual([
      ['none (failed before sending)', 'token_origin_not_allowed', true],
      ['sent', undefined, false],
    ]);
  });

  it('BFF mode: a call to the BFF API goes with the cookie via its proxy; others are plain', () => {
    const rows = requestRows(
      [
        started(1, 'https://app.example', '/bff/api/bank/accounts'),
        settled(1, { status: 200 }),
        started(2, 'https://maps.example'),
        { id: 43, at, data: { origin: 'https://maps.example' } },
        settled(2, { status: 200 }),
        started(3, 'https://app.example', '/bff/api/bank/accounts'),
        settled(3, { status: 401 }),
      ],
      true,
    );
    expect(rows.map((row) => [row.path, row.token, row.status])).toEqual([
      ['/bff/api/bank/accounts', 'cookie via BFF proxy', 200],
      ['/x', 'BFF: plain request (not the BFF API)', 200],
      ['/bff/api/bank/accounts', 'cookie via BFF proxy', 401],
    ]);
  });

  it('marks the 401 rule on the call it happened to: retried (final status), or the session ended', () => {
    const retried = requestRows([
      started(1, 'https://cdn.example'),
      started(2, 'https://api.example'),
      { id: 15, at, data: { origin: 'https://cdn.example', auth: 'auto' } },
      { id: 60, at, data: { origin: 'https://api.example' } },
      { id: 16, at },
      { id: 8, at, data: { reason: '401' } },
      { id: 9, at },
      { id: 17, at },
      settled(1, { status: 200 }),
      settled(2, { status: 200 }),
    ]);
    expect(retried[1]).toMatchObject({ status: 200, retry: '401 → refreshed → retried' });
    expect(retried[0]!.retry).toBeUndefined();
    const ended = requestRows([
      started(1, 'https://api.example'),
      { id: 60, at, data: { origin: 'https://api.example' } },
      { id: 16, at },
      { id: 17, at },
      { id: 18, at, data: { origin: 'https://api.example' } },
      settled(1, { code: 'login_required' }),
    ]);
    expect(ended[0]).toMatchObject({
      status: 'login_required',
      retry: 'refreshed token refused too: session ended',
    });
    const scope = requestRows([
      started(1, 'x'),
      { id: 60, at, data: { origin: 'x' } },
      { id: 19, at, data: {} },
      settled(1, { code: 'insufficient_scope' }),
    ]);
    expect(scope[0]).toMatchObject({ retry: '403 insufficient_scope (no retry)' });
  });

  it("core's events of a call the devtools did not watch still make a row", () => {
    const rows = requestRows([
      { id: 60, at, data: { origin: 'https://api.example' } },
      { id: 16, at },
      { id: 17, at },
    ]);
    expect(rows).toEqual([
      expect.objectContaining({
        request: undefined,
        token: 'sent',
        status: undefined,
        retry: '401 → refreshed → retried',
      }),
    ]);
  });
});
