import { describe, expect, it, vi } from 'vitest';
import { FaultController, NO_FAULTS } from '../faults.js';
import type { RequestLogEntry } from '../request-log.js';
import { createAdminRouter, type AdminContext } from './admin-router.js';
import { ApiError } from './api-error.js';

function context(body: unknown = undefined, query = ''): AdminContext {
  const faults = new FaultController();
  return {
    faults,
    requestLog: [1, 2, 3].map((status) => ({ status }) as unknown as RequestLogEntry),
    reset: vi.fn(() => faults.reset()),
    query: new URLSearchParams(query),
    body: () => Promise.resolve(body),
  };
}

function route(method: string, path: string) {
  const match = createAdminRouter().match(method, path);
  if (match.kind !== 'found') throw new Error(`no ${method} ${path}`);
  return match.value;
}

describe('createAdminRouter', () => {
  it('reads and sets the faults, and refuses an invalid patch with 422', async () => {
    const ctx = context({ latencyMs: 50 });
    expect(await route('POST', '/__admin/faults')(ctx)).toMatchObject({
      status: 200,
      body: { ...NO_FAULTS, latencyMs: 50 },
    });
    expect(await route('GET', '/__admin/faults')(ctx)).toMatchObject({ body: { latencyMs: 50 } });
    await expect(route('POST', '/__admin/faults')(context({ errorRate: 2 }))).rejects.toSatisfy(
      (error) => error instanceof ApiError && error.status === 422,
    );
  });

  it("calls the API's reset and answers 204", async () => {
    const ctx = context();
    expect(await route('POST', '/__admin/reset')(ctx)).toEqual({ status: 204 });
    expect(ctx.reset).toHaveBeenCalledOnce();
  });

  it('gives the last `limit` requests, 1000 by default', async () => {
    expect(await route('GET', '/__admin/request-log')(context(undefined, 'limit=2'))).toMatchObject(
      {
        body: { items: [{ status: 2 }, { status: 3 }] },
      },
    );
    expect(await route('GET', '/__admin/request-log')(context(undefined, 'limit=x'))).toMatchObject(
      {
        body: { items: [{ status: 1 }, { status: 2 }, { status: 3 }] },
      },
    );
  });

  it('has nothing else: an API adds its own routes', () => {
    expect(createAdminRouter().match('GET', '/__admin/ledger').kind).toBe('not_found');
  });
});
