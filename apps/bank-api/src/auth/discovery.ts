import { TokenError } from './token-error.js';

/** The parts of an OpenID Provider's discovery document the API uses. */
export interface DiscoveryDocument {
  readonly issuer: string;
  readonly jwks_uri: string;
  readonly introspection_endpoint?: string;
}

export interface DiscoveryClientOptions {
  issuer: string;
  /** How long a failed fetch is remembered before the next request may try again. */
  retryAfterMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  onError?: (message: string) => void;
}

/** Where RFC 8414 / OpenID Discovery put the document for an issuer (path-aware). */
export function discoveryUrl(issuer: string): URL {
  return new URL(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

async function fetchDocument(options: DiscoveryClientOptions): Promise<DiscoveryDocument> {
  const fetchImpl = options.fetch ?? fetch;
  const response = await fetchImpl(discoveryUrl(options.issuer), {
    headers: { accept: 'application/json' },
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
  });
  if (response.status !== 200) {
    throw new Error(`discovery document answered HTTP ${response.status}`);
  }
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null) throw new Error('discovery document is not JSON');
  const doc = body as Record<string, unknown>;
  // OpenID Discovery §4.3: the document must name exactly the issuer we were configured with,
  // or an attacker-controlled document could point us at their keys.
  if (doc.issuer !== options.issuer) {
    throw new Error('discovery document issuer does not match the configured issuer');
  }
  if (!isHttpUrl(doc.jwks_uri)) throw new Error('discovery document has no valid jwks_uri');
  const introspection = doc.introspection_endpoint;
  return {
    issuer: doc.issuer,
    jwks_uri: doc.jwks_uri,
    ...(isHttpUrl(introspection) ? { introspection_endpoint: introspection } : {}),
  };
}

/**
 * Fetches the issuer's discovery document once and shares it. A failure is not cached forever
 * (the IdP may simply start after the API), but is remembered briefly so that a burst of requests
 * while the IdP is down does not become a burst of fetches.
 */
export class DiscoveryClient {
  readonly #options: DiscoveryClientOptions;
  #document: Promise<DiscoveryDocument> | undefined;
  #failedAt = Number.NEGATIVE_INFINITY;

  constructor(options: DiscoveryClientOptions) {
    this.#options = options;
  }

  /** Resolves the document, or rejects with a `validation_unavailable` {@link TokenError}. */
  get(): Promise<DiscoveryDocument> {
    const now = (this.#options.now ?? Date.now)();
    if (this.#document === undefined) {
      if (now - this.#failedAt < (this.#options.retryAfterMs ?? 5000)) {
        return Promise.reject(new TokenError('validation_unavailable'));
      }
      this.#document = fetchDocument(this.#options).catch((cause: unknown) => {
        this.#document = undefined;
        this.#failedAt = (this.#options.now ?? Date.now)();
        const message = cause instanceof Error ? cause.message : String(cause);
        this.#options.onError?.(`discovery failed: ${message}`);
        throw new TokenError('validation_unavailable', { cause });
      });
    }
    return this.#document;
  }
}
