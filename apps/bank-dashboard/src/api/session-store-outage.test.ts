import { describe, expect, it } from 'vitest';
import { AuthError } from '@sesame/core';
import { HttpError } from '@sesame/react-query';
import {
  isSessionStoreOutage,
  OUTAGE_REFETCH_MS,
  refetchDuringOutage,
  retryUnlessOutage,
} from './session-store-outage';

const failed = (error: unknown) => ({ state: { status: 'error', error } });

describe('session store outage (BFF mode)', () => {
  it.each([
    ['session_store_unavailable', true],
    ['session_lock_timeout', true],
    ['upstream_unreachable', false],
  ])('a 503 with error %s: %s', (code, outage) => {
    expect(isSessionStoreOutage(new HttpError(503, { error: code }))).toBe(outage);
  });

  it('is not any other failure: a bank 503, a 502, a network error', () => {
    expect(isSessionStoreOutage(new HttpError(503, { code: 'unavailable' }))).toBe(false);
    expect(isSessionStoreOutage(new HttpError(503, 'Service Unavailable'))).toBe(false);
    expect(isSessionStoreOutage(new HttpError(502, { error: 'session_store_unavailable' }))).toBe(
      false,
    );
    expect(
      isSessionStoreOutage(
        new AuthError('network_error', 'x', { step: 'request', retryable: true }),
      ),
    ).toBe(false);
  });

  it('is not retried by the data layer (shown at once); other retryable failures still are', () => {
    expect(retryUnlessOutage(0, new HttpError(503, { error: 'session_store_unavailable' }))).toBe(
      false,
    );
    expect(retryUnlessOutage(0, new HttpError(503, undefined))).toBe(true);
    expect(retryUnlessOutage(3, new HttpError(503, undefined))).toBe(false);
  });

  it('refetches every few seconds while the last fetch failed that way, and stops once one succeeds', () => {
    const outage = new HttpError(503, { error: 'session_store_unavailable' });
    expect(refetchDuringOutage(failed(outage))).toBe(OUTAGE_REFETCH_MS);
    expect(refetchDuringOutage({ state: { status: 'success', error: null } })).toBe(false);
    expect(refetchDuringOutage(failed(new HttpError(500, undefined)))).toBe(false);
  });
});
