/** A response as tests see it. */
export interface CallResult {
  status: number;
  headers: Headers;
  // Tests read response bodies ad hoc (`body.items[0].id`); typing each shape would add nothing.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallInit {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Caller = (path: string, init?: CallInit) => Promise<CallResult>;

/**
 * A small fetch wrapper for tests: JSON in and out, a bearer token by name, and every token sent
 * recorded in `sentTokens` so that leak checks can look for each one in the logs.
 */
export function createCaller(baseUrl: () => string, sentTokens: Set<string>): Caller {
  return async (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token !== undefined) {
      sentTokens.add(init.token);
      headers.authorization = `Bearer ${init.token}`;
    }
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl()}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
}
