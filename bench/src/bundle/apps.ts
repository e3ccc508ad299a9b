// The bundle apps (bench/apps/bundle) and what each one stands for in the table.

export type AppRole = 'baseline' | 'floor' | 'sesame' | 'peer';

export interface BundleApp {
  readonly label: string;
  readonly entry: string;
  readonly role: AppRole;
}

export const BASELINE: BundleApp = {
  label: 'react + react-dom (baseline)',
  entry: 'baseline.tsx',
  role: 'baseline',
};
/** What Sesame builds on: oidc-client-ts's protocol layer (see bench/README.md). */
export const OIDC_CLIENT_FLOOR: BundleApp = {
  label: 'oidc-client-ts OidcClient (floor)',
  entry: 'oidc-client-ts-oidc-client.tsx',
  role: 'floor',
};
export const USER_MANAGER_FLOOR: BundleApp = {
  label: 'oidc-client-ts UserManager (floor)',
  entry: 'oidc-client-ts-user-manager.tsx',
  role: 'floor',
};
export const SESAME: BundleApp = {
  label: 'Sesame (core + react)',
  entry: 'sesame.tsx',
  role: 'sesame',
};
/**
 * The floor for the full Sesame app: oidc-client-ts alone (its UserManager, what apps using
 * oidc-client-ts and react-oidc-context ship) with the same TanStack Query and react-router usage.
 * The 4 KB target is measured over this floor.
 */
export const USER_MANAGER_FULL_FLOOR: BundleApp = {
  label: 'oidc-client-ts UserManager + react-query + react-router (floor)',
  entry: 'oidc-client-ts-user-manager-full.tsx',
  role: 'floor',
};
/**
 * The stricter floor for the full Sesame app: only OidcClient, the protocol layer Sesame builds on,
 * plus the same TanStack Query and react-router usage. The CI limit is measured over this floor.
 */
export const OIDC_CLIENT_FULL_FLOOR: BundleApp = {
  label: 'oidc-client-ts OidcClient + react-query + react-router (floor)',
  entry: 'oidc-client-ts-oidc-client-full.tsx',
  role: 'floor',
};
/** The Sesame app with `dpop: dpop()`: the DPoP module's cost when used. */
export const SESAME_DPOP: BundleApp = {
  label: 'Sesame (core + react) with dpop()',
  entry: 'sesame-dpop.tsx',
  role: 'sesame',
};
/** The Sesame app naming two APIs (`apis: apis({...})`, issue 21): the apis module's cost when used. */
export const SESAME_APIS: BundleApp = {
  label: 'Sesame (core + react) with apis()',
  entry: 'sesame-apis.tsx',
  role: 'sesame',
};
/** Everything the budget covers: core + react + the query integration + the router guard. */
export const SESAME_FULL: BundleApp = {
  label: 'Sesame (core + react + react-query + react-router)',
  entry: 'sesame-full.tsx',
  role: 'sesame',
};

/**
 * BFF mode (`createBffClient` from `@sesame/core/bff`, issue 19): the same app as {@link SESAME},
 * with no token in the page; next to it, the browser-mode app shows what BFF mode leaves out.
 */
export const SESAME_BFF: BundleApp = {
  label: 'Sesame BFF mode (core/bff + react)',
  entry: 'sesame-bff.tsx',
  role: 'sesame',
};
/** BFF mode with everything {@link SESAME_FULL} has (react-query, the router guard). */
export const SESAME_BFF_FULL: BundleApp = {
  label: 'Sesame BFF mode (core/bff + react + react-query + react-router)',
  entry: 'sesame-bff-full.tsx',
  role: 'sesame',
};

export const APPS: readonly BundleApp[] = [
  BASELINE,
  OIDC_CLIENT_FLOOR,
  USER_MANAGER_FLOOR,
  USER_MANAGER_FULL_FLOOR,
  OIDC_CLIENT_FULL_FLOOR,
  SESAME,
  SESAME_DPOP,
  SESAME_APIS,
  SESAME_FULL,
  SESAME_BFF,
  SESAME_BFF_FULL,
  { label: 'react-oidc-context', entry: 'react-oidc-context.tsx', role: 'peer' },
  {
    label: 'react-oidc-context + react-query',
    entry: 'react-oidc-context-query.tsx',
    role: 'peer',
  },
  { label: '@auth0/auth0-react', entry: 'auth0-react.tsx', role: 'peer' },
  { label: '@axa-fr/react-oidc', entry: 'axa-react-oidc.tsx', role: 'peer' },
  { label: 'oidc-spa (react-spa, lazy chunks counted)', entry: 'oidc-spa.tsx', role: 'peer' },
];
