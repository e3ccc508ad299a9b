/**
 * Consent a customer gave to a first-party client, remembered across IdP sessions so signing in again
 * does not ask the same question twice. Forgotten when the customer's tokens are revoked.
 */
export interface RememberedConsent {
  oidcScopes: Set<string>;
  oidcClaims: Set<string>;
  /** Scopes per resource indicator. */
  resourceScopes: Map<string, Set<string>>;
}

export class ConsentMemory {
  readonly #bySubject = new Map<string, Map<string, RememberedConsent>>();

  get(sub: string, clientId: string): RememberedConsent | undefined {
    return this.#bySubject.get(sub)?.get(clientId);
  }

  remember(
    sub: string,
    clientId: string,
    given: { oidcScopes: string[]; oidcClaims: string[]; resourceScopes: Record<string, string[]> },
  ): void {
    const byClient = this.#bySubject.get(sub) ?? new Map<string, RememberedConsent>();
    const consent = byClient.get(clientId) ?? {
      oidcScopes: new Set<string>(),
      oidcClaims: new Set<string>(),
      resourceScopes: new Map<string, Set<string>>(),
    };
    given.oidcScopes.forEach((scope) => consent.oidcScopes.add(scope));
    given.oidcClaims.forEach((claim) => consent.oidcClaims.add(claim));
    for (const [resource, scopes] of Object.entries(given.resourceScopes)) {
      const known = consent.resourceScopes.get(resource) ?? new Set<string>();
      scopes.forEach((scope) => known.add(scope));
      consent.resourceScopes.set(resource, known);
    }
    byClient.set(clientId, consent);
    this.#bySubject.set(sub, byClient);
  }

  /** Whether everything asked for is already covered by what the customer agreed to. */
  covers(
    sub: string,
    clientId: string,
    asked: { oidcScopes: string[]; oidcClaims: string[]; resourceScopes: Record<string, string[]> },
  ): boolean {
    const consent = this.get(sub, clientId);
    if (!consent) return false;
    return (
      asked.oidcScopes.every((scope) => consent.oidcScopes.has(scope)) &&
      asked.oidcClaims.every((claim) => consent.oidcClaims.has(claim)) &&
      Object.entries(asked.resourceScopes).every(([resource, scopes]) =>
        scopes.every((scope) => consent.resourceScopes.get(resource)?.has(scope) ?? false),
      )
    );
  }

  forget(sub: string): void {
    this.#bySubject.delete(sub);
  }
}
