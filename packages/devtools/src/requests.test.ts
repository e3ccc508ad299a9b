import { describe, expect, it } from 'vitest';
import { requestRows } from './requests';

const at = 1_000;

describe('requestRows', () => {
  it("rebuilds each request from core's events: token sent or not and why", () => {
    const rows = requestRows([
      { id: 60, at, data: { origin: 'https://api.example' } },
      { id: 15, at, data: { origin: 'https://cdn.example', auth: 'auto' } },
      { id: 15, at, data: { origin: 'https://api.example', auth: 'none' } },
      { id: 43, at, data: { origin: 'https://maps.example' } },
      { id: 9, at, data: { expiresAt: 2 } }, // not a request event: ignored
    ]);
    expect(rows.map((row) => [row.origin, row.token])).toEqual([
      ['https://api.example', 'sent'],
      ['https://cdn.example', 'not sent: origin not in apiOrigins'],
      ['https://api.example', "not sent: auth 'none'"],
      ['https://maps.example', 'BFF: cookie only'],
    ]);
  });

  it('marks the 401 rule on the request it happened to: retried, or the session ended', () => {
    const retried = requestRows([
      { id: 60, at, data: { origin: 'https://api.example' } },
      { id: 16, at },
      { id: 8, at, data: { reason: '401' } },
      { id: 9, at },
      { id: 17, at },
    ]);
    expect(retried).toEqual([
      expect.objectContaining({ refused: 401, retry: '401 → refreshed → retried' }),
    ]);
    const ended = requestRows([
      { id: 60, at, data: { origin: 'https://api.example' } },
      { id: 16, at },
      { id: 17, at },
      { id: 18, at, data: { origin: 'https://api.example' } },
    ]);
    expect(ended[0]!.retry).toBe('refreshed token refused too: session ended');
    const scope = requestRows([
      { id: 60, at, data: { origin: 'x' } },
      { id: 19, at, data: {} },
    ]);
    expect(scope[0]).toMatchObject({ refused: 403, retry: 'insufficient_scope (no retry)' });
  });
});
