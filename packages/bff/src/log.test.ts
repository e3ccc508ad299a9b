import { describe, expect, it } from 'vitest';
import { describe as describeError, requestLine } from './log';

describe('requestLine', () => {
  it('is method, path, status, duration and the error code with its cause', () => {
    expect(requestLine('GET', '/bff/session', 200, 3.4)).toBe('GET /bff/session 200 3ms');
    expect(requestLine('GET', '/bff/session', 401, 1, 'login_required')).toBe(
      'GET /bff/session 401 1ms login_required',
    );
    const cause = Object.assign(
      new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }),
      {},
    );
    expect(requestLine('GET', '/bff/api/bank/x', 502, 9, 'upstream_unreachable', cause)).toBe(
      'GET /bff/api/bank/x 502 9ms upstream_unreachable (TypeError: fetch failed <- Error: ECONNREFUSED)',
    );
  });

  it('keeps control characters and very long paths out', () => {
    expect(requestLine('GET', '/a\nb', 404, 0)).toBe('GET /a?b 404 0ms');
    expect(requestLine('GET', `/${'a'.repeat(500)}`, 404, 0).length).toBeLessThan(230);
    expect(describeError('x'.repeat(400))).toHaveLength(300);
  });
});
