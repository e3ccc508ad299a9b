/**
 * A value now, or a promise of it. The request path stays synchronous while nothing needs to
 * wait (a cached token, no body): no promise per step, and the answer goes out in the tick the
 * request arrived in. A DPoP proof, a body or a first validation make it a promise.
 */
export type Eventually<T> = T | Promise<T>;

/** `value.then(next)` for a promise, `next(value)` at once for a plain value. */
export function andThen<T, U>(
  value: Eventually<T>,
  next: (value: T) => Eventually<U>,
): Eventually<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}
