/** What a handler answers; the server serialises it and adds the common headers. */
export interface ApiResponse {
  readonly status: number;
  /** Serialised as JSON; `undefined` means no body (204). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const ok = (body: unknown): ApiResponse => ({ status: 200, body });
export const created = (body: unknown): ApiResponse => ({ status: 201, body });
