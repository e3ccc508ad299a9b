import { describe, expect, it } from 'vitest';
import { apiErrorFromTokenError, insufficientScope } from './auth-errors.js';
import { TokenError } from './token-error.js';
import { bearerChallenge } from './www-authenticate.js';

describe('RFC 6750 challenges', () => {
  it('sends no error code when there were no credentials (§3.1)', () => {
    const error = apiErrorFromTokenError(new TokenError('missing_token'));
    expect(error.status).toBe(401);
    expect(error.headers['www-authenticate']).toBe('Bearer realm="sesame-bank"');
    expect(error.toBody()).toMatchObject({ code: 'missing_token' });
  });

  it('names invalid_token and a short reason for a bad token', () => {
    const error = apiErrorFromTokenError(new TokenError('token_expired'));
    expect(error.status).toBe(401);
    expect(error.headers['www-authenticate']).toBe(
      'Bearer realm="sesame-bank", error="invalid_token", error_description="token expired"',
    );
    expect(error.toBody()).toEqual({
      code: 'invalid_token',
      message: 'token expired',
      reason: 'token_expired',
    });
  });

  it('answers a malformed header with 400 invalid_request', () => {
    const error = apiErrorFromTokenError(new TokenError('malformed_request'));
    expect(error.status).toBe(400);
    expect(error.headers['www-authenticate']).toContain('error="invalid_request"');
  });

  it('answers an unreachable IdP with 503 and Retry-After, not 401', () => {
    const error = apiErrorFromTokenError(new TokenError('validation_unavailable'));
    expect(error.status).toBe(503);
    expect(error.headers['retry-after']).toBe('5');
    expect(error.headers['www-authenticate']).toBeUndefined();
  });

  it('answers a missing scope with 403 insufficient_scope naming the scope', () => {
    const error = insufficientScope('transfers:write');
    expect(error.status).toBe(403);
    expect(error.headers['www-authenticate']).toBe(
      'Bearer realm="sesame-bank", error="insufficient_scope", error_description="scope transfers:write required", scope="transfers:write"',
    );
    expect(error.code).toBe('insufficient_scope');
  });

  it('strips characters RFC 6750 forbids in attribute values', () => {
    expect(bearerChallenge({ error: 'x', errorDescription: 'a "quoted" \\ value\n' })).toBe(
      'Bearer realm="sesame-bank", error="x", error_description="a quoted  value"',
    );
  });
});
