import { apiErrorFromTokenError } from '../auth/auth-errors.js';
import { apiErrorFromDpopError, DpopError } from '../auth/dpop-proof.js';
import { TokenError } from '../auth/token-error.js';
import { ApiError } from './api-error.js';

/**
 * The HTTP answer to anything a request threw: refusals keep their status and challenge; anything
 * else is a 500 whose cause goes to the log only (never to the client).
 */
export function toApiError(error: unknown, log: (line: string) => void): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TokenError) return apiErrorFromTokenError(error);
  if (error instanceof DpopError) return apiErrorFromDpopError(error);
  log(`internal error: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown'}`);
  return new ApiError(500, 'internal_error', 'Something went wrong on our side.');
}
