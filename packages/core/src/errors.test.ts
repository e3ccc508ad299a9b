import { describe, expect, it } from 'vitest';
import { AuthError, isAuthError } from './errors';

describe('AuthError', () => {
  it('carries a stable code, the failing step and whether a retry can help', () => {
    const cause = new TypeError('fetch failed');
    const error = new AuthError('network_error', 'The token endpoint could not be reached.', {
      step: 'refresh',
      retryable: true,
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AuthError');
    expect(error.code).toBe('network_error');
    expect(error.step).toBe('refresh');
    expect(error.retryable).toBe(true);
    expect(error.cause).toBe(cause);
  });

  it('is not retryable unless said so', () => {
    const error = new AuthError('login_required', 'The session has ended.', { step: 'refresh' });
    expect(error.retryable).toBe(false);
  });

  it('isAuthError narrows by class and, when asked, by code', () => {
    const error = new AuthError('login_required', 'x', { step: 'refresh' });
    expect(isAuthError(error)).toBe(true);
    expect(isAuthError(error, 'login_required')).toBe(true);
    expect(isAuthError(error, 'network_error')).toBe(false);
    expect(isAuthError(new Error('x'))).toBe(false);
  });
});
