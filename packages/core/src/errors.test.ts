import { describe, expect, it } from 'vitest';
import { AuthError, isAuthError } from './errors';
import type * as ErrorsModule from './errors';

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

describe('isAuthError across two copies of @sesame/core', () => {
  it('recognises an AuthError made by another copy of the module, with and without a code', async () => {
    // A second instance of this very module (an app bundling two versions of @sesame/core).
    const secondCopy = './errors?second-copy'; // a query makes the module loader load it again
    const copy = (await import(/* @vite-ignore */ secondCopy)) as typeof ErrorsModule;
    expect(copy.AuthError).not.toBe(AuthError);
    const foreign = new copy.AuthError('login_required', 'x', { step: 'refresh' });
    expect(foreign instanceof AuthError).toBe(false);
    expect(isAuthError(foreign)).toBe(true);
    expect(isAuthError(foreign, 'login_required')).toBe(true);
    expect(isAuthError(foreign, 'network_error')).toBe(false);
    // ...and the other way round.
    expect(
      copy.isAuthError(new AuthError('user_changed', 'x', { step: 'request' }), 'user_changed'),
    ).toBe(true);
  });

  it('recognises a class defined elsewhere that carries the brand', () => {
    class OtherAuthError extends Error {
      override readonly name = 'AuthError';
      readonly code = 'idle_timeout';
      constructor() {
        super('x');
        Object.defineProperty(this, Symbol.for('sesame.AuthError'), { value: true });
      }
    }
    expect(isAuthError(new OtherAuthError())).toBe(true);
    expect(isAuthError(new OtherAuthError(), 'idle_timeout')).toBe(true);
    expect(isAuthError(new OtherAuthError(), 'login_required')).toBe(false);
  });

  it('does not take look-alikes: a plain object or an Error with a code, but no brand', () => {
    const plain = { name: 'AuthError', code: 'login_required', message: 'x', step: 'refresh' };
    expect(isAuthError(plain)).toBe(false);
    expect(isAuthError(plain, 'login_required')).toBe(false);
    const error = Object.assign(new Error('x'), { name: 'AuthError', code: 'login_required' });
    expect(isAuthError(error)).toBe(false);
    // The brand alone is not enough either: it must still look like an AuthError.
    const branded = { [Symbol.for('sesame.AuthError')]: true, code: 42 };
    expect(isAuthError(branded)).toBe(false);
    for (const value of [null, undefined, 'AuthError', 0]) expect(isAuthError(value)).toBe(false);
  });
});
