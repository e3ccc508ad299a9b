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
    // Only a miss needs the other methods, so the set is made only then (not on every request).
    let allowed: Set<string> | undefined;
    for (const entry of this.#entries) {
      const params = matchSegments(entry.segments, segments);
      if (params === undefined) continue;
      if (entry.method === method) return { kind: 'found', value: entry.value, params };
      (allowed ??= new Set()).add(entry.method);
    }
    return allowed === undefined
      ? { kind: 'not_found' }
      : { kind: 'method_not_allowed', allowed: [...allowed] };
  }
}

function matchSegments(
  pattern: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  // Literal segments first: most patterns fail on one, before any parameter is decoded.
  for (let i = 0; i < pattern.length; i += 1) {
    const expected = pattern[i] ?? '';
    if (!expected.startsWith(':') && expected !== segments[i]) return undefined;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const expected = pattern[i] ?? '';
    if (!expected.startsWith(':')) continue;
    try {
      params[expected.slice(1)] = decodeURIComponent(segments[i] ?? '');
    } catch {
      return undefined;
    }
  }
  return params;
}
