import {
  BankApiConfigError,
  resolveOptions as resolveResourceServerOptions,
  type ResolvedOptions,
  type ResourceServerOptions,
} from '@sesame/bank-api/resource-server';

/** The audience (RFC 8707 resource indicator) the IdP puts in access tokens for this API. */
export const DEFAULT_AUDIENCE = 'https://invest.sesame.test/api';
export const DEFAULT_PORT = 4200;

/**
 * Settings for {@link start}: the bank API's (same meaning, same checks), except that this API
 * validates JWT access tokens only (the IdP lets only the bank API introspect). Only `issuer` is
 * required.
 */
export type InvestApiOptions = Omit<
  ResourceServerOptions,
  'tokenValidation' | 'introspection' | 'audience' | 'port'
> & {
  /** TCP port on 127.0.0.1 (never another interface). Default 4200; 0 = any free port. */
  port?: number;
  /** The audience access tokens must carry. Default {@link DEFAULT_AUDIENCE}. */
  audience?: string;
};

/** Thrown by {@link start} when options are wrong; the message says what to change. */
export class InvestApiConfigError extends Error {
  override readonly name = 'InvestApiConfigError';
  readonly code = 'invalid_options';
}

/** Applies this API's defaults, then the bank API's checks and defaults for everything else. */
export function resolveOptions(options: InvestApiOptions): ResolvedOptions {
  try {
    return resolveResourceServerOptions({
      ...options,
      port: options.port ?? DEFAULT_PORT,
      audience: options.audience ?? DEFAULT_AUDIENCE,
      tokenValidation: 'jwt',
    });
  } catch (error) {
    if (error instanceof BankApiConfigError) throw new InvestApiConfigError(error.message);
    throw error;
  }
}
