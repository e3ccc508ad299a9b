import { isAuthError } from '@sesame/core';
import { HttpError } from './http-error';

/**
 * TanStack Query `retry` for data that needs auth: up to 3 retries of network errors (`network_error`)
 * and of 5xx/408/429 answers; never an `AuthError` otherwise (`client.fetch` already made the one
 * allowed retry after a 401) nor any other 4xx.
 */
export function authRetry(failureCount: number, error: unknown): boolean {
  return (
    failureCount < 3 &&
    (error instanceof HttpError ? error.retryable : isAuthError(error, 'network_error'))
  );
}

/** Exponential backoff (1 s, 2 s, 4 s... at most 30 s) with jitter, so many tabs do not retry in step. */
export const authRetryDelay = (failureCount: number): number =>
  Math.min(30_000, 1000 * 2 ** failureCount) * (0.5 + Math.random() / 2);
