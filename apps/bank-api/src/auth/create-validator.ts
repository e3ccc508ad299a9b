import type { ResolvedOptions } from '../options.js';
import { DiscoveryClient } from './discovery.js';
import { IntrospectionAccessTokenValidator } from './introspection-validator.js';
import { JwtAccessTokenValidator } from './jwt-validator.js';
import type { AccessTokenValidator } from './validated-token.js';

/** The validator the options ask for: local JWT checks (default) or introspection at the IdP. */
export function createValidator(
  options: ResolvedOptions,
  log: (line: string) => void,
): AccessTokenValidator {
  const discovery = new DiscoveryClient({ issuer: options.issuer, onError: log });
  if (options.tokenValidation === 'introspection' && options.introspection !== undefined) {
    return new IntrospectionAccessTokenValidator({
      discovery,
      issuer: options.issuer,
      audience: options.audience,
      clientId: options.introspection.clientId,
      clientSecret: options.introspection.clientSecret,
      cacheTtlSeconds: options.introspection.cacheTtlSeconds,
      clockToleranceSeconds: options.clockToleranceSeconds,
      onError: log,
    });
  }
  return new JwtAccessTokenValidator({
    discovery,
    issuer: options.issuer,
    audience: options.audience,
    clockToleranceSeconds: options.clockToleranceSeconds,
    maxTokenAgeSeconds: options.maxTokenAgeSeconds,
    jwksCooldownSeconds: options.jwksCooldownSeconds,
    jwksCacheMaxAgeSeconds: options.jwksCacheMaxAgeSeconds,
  });
}
