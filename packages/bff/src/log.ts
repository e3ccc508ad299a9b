// The one log line per request, and how a failure's cause is summarised in it. Only what is safe
// to keep: method, path without the query (the callback's query holds a code), status, duration,
// error code, and for operators the cause's class and message (openid-client and fetch messages
// name endpoints and checks, never tokens).

/** An error's class, code and message, at most 300 characters. */
export function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const text = `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`;
    const inner = error.cause instanceof Error ? ` <- ${describe(error.cause)}` : '';
    return `${text}${inner}`.slice(0, 300);
  }
  return String(error).slice(0, 300);
}

/** A path fit for a log: no control characters, at most 200 characters. */
export function loggablePath(pathname: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it removes
  const clean = pathname.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

/** `GET /bff/session 401 3ms login_required`, and the cause when there is one. */
export function requestLine(
  method: string,
  pathname: string,
  status: number,
  durationMs: number,
  code?: string,
  cause?: unknown,
): string {
  const base = `${method} ${loggablePath(pathname)} ${status} ${Math.round(durationMs)}ms`;
  if (code === undefined) return base;
  return cause === undefined ? `${base} ${code}` : `${base} ${code} (${describe(cause)})`;
}
