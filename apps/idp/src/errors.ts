/** Stable codes of {@link IdpError}. */
export type IdpErrorCode =
  /** An option passed to `start()` or the CLI is out of range or malformed. */
  | 'invalid_options'
  /** The HTTP server could not bind (port in use, permission). */
  | 'listen_failed'
  /** The IdP was used after `stop()`. */
  | 'stopped';

/** The error `start()` and the running IdP's methods reject with. Switch on `code`. */
export class IdpError extends Error {
  override readonly name = 'IdpError';
  readonly code: IdpErrorCode;

  constructor(code: IdpErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
