import type { FaultSettings } from './faults.js';

/** The audience (RFC 8707 resource indicator) the IdP puts in access tokens for this API. */
export const DEFAULT_AUDIENCE = 'https://bank.sesame.test/api';
export const DEFAULT_PORT = 4100;
/** The demo dashboard's dev-server origins. */
export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = [
  'http://127.0.0.1:5173',
  'http://localhost:5173',
];

/** Settings for {@link start}. Only `issuer` is required. */
export interface BankApiOptions {
  /** TCP port on 127.0.0.1 (the API never binds another interface). Default 4100; 0 = any free port. */
  port?: number;
  /** The IdP's issuer identifier; its discovery document must name exactly this issuer. */
  issuer: string;
  /** The audience access tokens must carry. Default {@link DEFAULT_AUDIENCE}. */
  audience?: string;
  /** `'jwt'` (default): verify JWT access tokens locally; `'introspection'`: ask the IdP (RFC 7662). */
  tokenValidation?: 'jwt' | 'introspection';
  /** The API's own client credentials at the IdP; required for `'introspection'`. */
  introspection?: {
    clientId: string;
    clientSecret: string;
    /** Longest time a positive answer is reused (never past the token's `exp`). Default 60. */
    cacheTtlSeconds?: number;
  };
  /** Exact origins allowed to call the API from a browser. Default {@link DEFAULT_ALLOWED_ORIGINS}. */
  allowedOrigins?: readonly string[];
  /** Leeway for `exp`, `nbf` and `iat`. Default 5 seconds. */
  clockToleranceSeconds?: number;
  /** Tokens issued longer ago than this are refused whatever their `exp`. Default 86,400 (a day). */
  maxTokenAgeSeconds?: number;
  /**
   * JWKS caching. An unknown `kid` refetches the JWKS at most every `cooldownSeconds` (default 1;
   * a request inside that window waits for its end, so a freshly rotated key is never refused).
   * The JWKS is refetched anyway after `cacheMaxAgeSeconds` (default 600).
   */
  jwks?: { cooldownSeconds?: number; cacheMaxAgeSeconds?: number };
  /**
   * The API's public origin as clients address it (e.g. behind a proxy), which DPoP proofs'
   * `htu` must name. Default: the URL the API listens on, `http://127.0.0.1:<port>`.
   */
  publicUrl?: string;
  /** Require server nonces in DPoP proofs (401 `use_dpop_nonce` + `DPoP-Nonce`). Default false. */
  dpopNonce?: boolean;
  /** Faults active from the start. */
  faults?: Partial<FaultSettings>;
  /** Mount the unauthenticated `/__admin/*` endpoints (demo chaos switch, e2e). Default false. */
  admin?: boolean;
  /** Receives one line per request and start-up/IdP problems. Never receives a token. */
  logger?: (line: string) => void;
  /**
   * Pins the bank's calendar (`YYYY-MM-DD`): seeded history ends the day before, and the bank's
   * clock starts at noon UTC that day. Default: the day the API starts, on real time.
   */
  anchorDate?: string;
  /** Random source for `errorRate` (tests make it deterministic). Default `Math.random`. */
  random?: () => number;
}

/** Thrown by {@link start} when options are wrong; the message says what to change. */
export class BankApiConfigError extends Error {
  override readonly name = 'BankApiConfigError';
  readonly code = 'invalid_options';
}

export interface ResolvedOptions {
  port: number;
  issuer: string;
  audience: string;
  tokenValidation: 'jwt' | 'introspection';
  introspection: { clientId: string; clientSecret: string; cacheTtlSeconds: number } | undefined;
  allowedOrigins: ReadonlySet<string>;
  clockToleranceSeconds: number;
  maxTokenAgeSeconds: number;
  jwksCooldownSeconds: number;
  jwksCacheMaxAgeSeconds: number;
  publicUrl: string | undefined;
  dpopNonce: boolean;
  faults: Partial<FaultSettings>;
  admin: boolean;
  logger: ((line: string) => void) | undefined;
  anchorDate: string | undefined;
  random: () => number;
}

function fail(message: string): never {
  throw new BankApiConfigError(message);
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) fail(`${name} must be a non-negative number`);
  return value;
}

function exactOrigin(origin: string, name = 'allowedOrigins'): string {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    fail(`${name}: "${origin}" is not a URL`);
  }
  if (parsed.origin !== origin) {
    fail(`${name}: "${origin}" must be an exact origin such as "${parsed.origin}"`);
  }
  return origin;
}

/** Applies defaults and checks every option up front. */
export function resolveOptions(options: BankApiOptions): ResolvedOptions {
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    fail('port must be an integer 0..65535');
  let issuerUrl: URL;
  try {
    issuerUrl = new URL(options.issuer);
  } catch {
    fail('issuer must be an absolute URL such as "http://127.0.0.1:4000"');
  }
  if (issuerUrl.protocol !== 'https:' && issuerUrl.protocol !== 'http:') {
    fail('issuer must be an http(s) URL');
  }
  if (issuerUrl.search !== '' || issuerUrl.hash !== '')
    fail('issuer must not have a query or fragment');
  const tokenValidation = options.tokenValidation ?? 'jwt';
  if (tokenValidation !== 'jwt' && tokenValidation !== 'introspection') {
    fail('tokenValidation must be "jwt" or "introspection"');
  }
  const introspection = options.introspection;
  if (
    tokenValidation === 'introspection' &&
    (!introspection?.clientId || !introspection.clientSecret)
  ) {
    fail(
      'tokenValidation "introspection" needs introspection.clientId and introspection.clientSecret',
    );
  }
  const audience = options.audience ?? DEFAULT_AUDIENCE;
  if (audience === '') fail('audience must not be empty');
  return {
    port,
    issuer: options.issuer,
    audience,
    tokenValidation,
    introspection: introspection
      ? {
          clientId: introspection.clientId,
          clientSecret: introspection.clientSecret,
          cacheTtlSeconds: nonNegative(
            'introspection.cacheTtlSeconds',
            introspection.cacheTtlSeconds,
            60,
          ),
        }
      : undefined,
    allowedOrigins: new Set(
      (options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS).map((origin) => exactOrigin(origin)),
    ),
    clockToleranceSeconds: nonNegative('clockToleranceSeconds', options.clockToleranceSeconds, 5),
    maxTokenAgeSeconds: nonNegative('maxTokenAgeSeconds', options.maxTokenAgeSeconds, 86_400),
    jwksCooldownSeconds: nonNegative('jwks.cooldownSeconds', options.jwks?.cooldownSeconds, 1),
    jwksCacheMaxAgeSeconds: nonNegative(
      'jwks.cacheMaxAgeSeconds',
      options.jwks?.cacheMaxAgeSeconds,
      600,
    ),
    publicUrl:
      options.publicUrl === undefined ? undefined : exactOrigin(options.publicUrl, 'publicUrl'),
    dpopNonce: options.dpopNonce ?? false,
    faults: options.faults ?? {},
    admin: options.admin ?? false,
    logger: options.logger,
    anchorDate: options.anchorDate,
    random: options.random ?? Math.random,
  };
}
