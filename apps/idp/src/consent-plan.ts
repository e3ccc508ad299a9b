import { ENTITLED_SCOPES } from './constants';

/** Scopes and claims grouped the way an oidc-provider Grant stores them. */
export interface ScopeSet {
  oidcScopes: string[];
  oidcClaims: string[];
  /** Scopes per resource indicator. */
  resourceScopes: Record<string, string[]>;
}

/** What the consent step will do with what a client asked for. */
export interface ConsentPlan {
  /** What the customer is asked to agree to (and what gets granted when they do). */
  ask: ScopeSet;
  /** Resource scopes this customer may never have; rejected without asking, so they are not asked again. */
  reject: Record<string, string[]>;
}

const stringArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/**
 * Splits oidc-provider's consent prompt details (`missingOIDCScope`, `missingOIDCClaims`,
 * `missingResourceScopes`) into what to ask and what to refuse. API scopes (of any resource) outside the customer's
 * entitlement are refused here, at the grant, so no token for them can ever be issued.
 */
export function planConsent(
  details: Record<string, unknown>,
  entitledApiScopes: readonly string[],
): ConsentPlan {
  const ask: ScopeSet = {
    oidcScopes: stringArray(details.missingOIDCScope),
    oidcClaims: stringArray(details.missingOIDCClaims),
    resourceScopes: {},
  };
  const reject: Record<string, string[]> = {};
  const missing = details.missingResourceScopes;
  if (missing && typeof missing === 'object') {
    for (const [resource, value] of Object.entries(missing)) {
      for (const scope of stringArray(value)) {
        // Scope names are unique across the APIs (accounts:*, portfolio:*), and each resource server
        // accepts only its own (resource-servers.ts): the name alone says which entitlement it needs.
        const forbidden =
          (ENTITLED_SCOPES as readonly string[]).includes(scope) &&
          !entitledApiScopes.includes(scope);
        const bucket = forbidden ? reject : ask.resourceScopes;
        (bucket[resource] ??= []).push(scope);
      }
    }
  }
  return { ask, reject };
}

/** Every scope the customer would be asked about, once, for the consent page. */
export function scopesToShow(ask: ScopeSet): string[] {
  return [...new Set([...ask.oidcScopes, ...Object.values(ask.resourceScopes).flat()])];
}
