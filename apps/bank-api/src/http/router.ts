/** The result of looking a request up: a route, a path with other methods, or nothing. */
export type RouteMatch<T> =
  | { kind: 'found'; value: T; params: Readonly<Record<string, string>> }
  | { kind: 'method_not_allowed'; allowed: readonly string[] }
  | { kind: 'not_found' };

interface Entry<T> {
  method: string;
  segments: readonly string[];
  value: T;
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/**
 * A minimal router over path patterns such as `/accounts/:id/transactions`. Exact segments win
 * over parameters only by registration order, so register specific routes first.
 */
export class Router<T> {
  readonly #entries: Entry<T>[] = [];

  add(method: string, pattern: string, value: T): this {
    this.#entries.push({ method, segments: split(pattern), value });
    return this;
  }

  match(method: string, path: string): RouteMatch<T> {
    const segments = split(path);
    const allowed = new Set<string>();
    for (const entry of this.#entries) {
      const params = matchSegments(entry.segments, segments);
      if (params === undefined) continue;
      if (entry.method === method) return { kind: 'found', value: entry.value, params };
      allowed.add(entry.method);
    }
    return allowed.size > 0
      ? { kind: 'method_not_allowed', allowed: [...allowed] }
      : { kind: 'not_found' };
  }
}

function matchSegments(
  pattern: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const expected = pattern[i] ?? '';
    const actual = segments[i] ?? '';
    if (expected.startsWith(':')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
      params[expected.slice(1)] = decoded;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}
