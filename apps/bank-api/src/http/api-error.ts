/** One problem with one field of a request body, for forms that want to point at it. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * An error the API answers with `{ code, message }`. `code` is stable and machine-readable;
 * `message` is for people and never contains a token, a password or another user's data.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly details: readonly FieldIssue[] | undefined;
  /** A finer, stable sub-code (e.g. `token_expired` under `invalid_token`). */
  readonly reason: string | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    options?: {
      headers?: Record<string, string>;
      details?: readonly FieldIssue[];
      reason?: string;
    },
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = options?.headers ?? {};
    this.details = options?.details;
    this.reason = options?.reason;
  }

  /** The JSON body: `{ code, message }`, plus `reason` and `details` when there are any. */
  toBody(): { code: string; message: string; reason?: string; details?: readonly FieldIssue[] } {
    return {
      code: this.code,
      message: this.message,
      ...(this.reason === undefined ? {} : { reason: this.reason }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}
