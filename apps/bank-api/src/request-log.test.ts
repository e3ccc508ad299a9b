import { describe, expect, it } from 'vitest';
import { formatLogLine, isoTimestamp, loggablePath } from './request-log.js';

describe('isoTimestamp', () => {
  it('is toISOString, also when called again within the same millisecond or for another', () => {
    for (const ms of [0, 1_700_000_000_123, 1_700_000_000_123, 1_700_000_000_124, 86_399_999]) {
      expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
    }
  });
});

describe('request log lines', () => {
  it('redact token-shaped path segments and name the token kind, never the token', () => {
    expect(loggablePath('/accounts/eyJhbGciOi.eyJzdWIiOi.sig')).toBe('/accounts/[redacted]');
    expect(loggablePath(`/cards/${'x'.repeat(65)}/freeze`)).toBe('/cards/[redacted]/freeze');
    expect(loggablePath('/accounts/acc_1/transactions')).toBe('/accounts/acc_1/transactions');
    expect(
      formatLogLine({
        at: isoTimestamp(0),
        method: 'GET',
        path: '/accounts',
        status: 200,
        sub: 'usr_jane_doe',
        tokenKind: 'at+jwt',
        durationMs: 0.25,
        error: undefined,
      }),
    ).toBe('GET /accounts 200 0.3ms token=at+jwt sub=usr_jane_doe');
  });
});
