/**
 * A response outside 2xx, thrown by {@link fetchJson}. Holds the status and the parsed body, never a
 * token (the request's headers are not kept).
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  // `declare`: set once in the constructor, so the build emits no field declarations besides.
  declare readonly status: number;
  /** The body: parsed JSON when it was JSON, else the text (`undefined` when empty). */
  declare readonly body: unknown;
  /** The `code` of a `{ code, message }` body, such as the bank API's `insufficient_funds`. */
  declare readonly code: string | undefined;
  /** Whether the same request may succeed later: 5xx, 408 and 429. */
  declare readonly retryable: boolean;

  constructor(status: number, body: unknown) {
    const code = (body as { code?: unknown } | null)?.code;
    const message = (body as { message?: unknown } | null)?.message;
    super(
      `HTTP ${status}${typeof code === 'string' ? ` ${code}` : ''}${typeof message === 'string' ? `: ${message}` : ''}`,
    );
    this.status = status;
    this.body = body;
    this.code = typeof code === 'string' ? code : undefined;
    this.retryable = status >= 500 || status === 408 || status === 429;
  }
}

/** Narrows an unknown value to an {@link HttpError}, optionally of one status. */
export const isHttpError = (value: unknown, status?: number): value is HttpError =>
  value instanceof HttpError && (status === undefined || value.status === status);
