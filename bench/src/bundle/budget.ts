// The size budget of issue 11: Sesame's own code, on top of oidc-client-ts (two floors, see README).
import { readFileSync } from 'node:fs';
import { buildApp, type AppWeight } from './build.js';
import {
  OIDC_CLIENT_FLOOR,
  OIDC_CLIENT_FULL_FLOOR,
  SESAME,
  SESAME_DPOP,
  SESAME_APIS,
  SESAME_FULL,
  USER_MANAGER_FLOOR,
  USER_MANAGER_FULL_FLOOR,
  type BundleApp,
} from './apps.js';

/**
 * bench/size-budget.json, both enforced by `pnpm bench:budget`: `targetGzip` is the issue's goal
 * (judged over the UserManager floor), `limitGzip` a regression guard (judged over the stricter
 * OidcClient floor).
 */
export interface SizeBudget {
  readonly targetGzip: number;
  readonly limitGzip: number;
}

export function readBudget(): SizeBudget {
  const file = new URL('../../size-budget.json', import.meta.url);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<SizeBudget>;
  if (typeof parsed.targetGzip !== 'number' || typeof parsed.limitGzip !== 'number') {
    throw new Error('bench/size-budget.json needs numeric targetGzip and limitGzip');
  }
  return { targetGzip: parsed.targetGzip, limitGzip: parsed.limitGzip };
}

export interface Bytes {
  readonly gzip: number;
  readonly brotli: number;
}

/**
 * Sesame's own code, over two floors of oidc-client-ts (bench/README.md explains why both).
 * "Full" is core + react + the query integration + the router guard, over a floor app with the
 * same TanStack Query and react-router use.
 */
export interface OwnCode {
  /** The issue's figure: the full Sesame app minus oidc-client-ts alone (the UserManager app). */
  readonly fullOverUserManager: Bytes;
  /** The stricter figure: the full Sesame app minus the OidcClient (protocol layer) app. */
  readonly fullOverOidcClient: Bytes;
  /** Core + react only, minus the OidcClient app. */
  readonly coreReact: Bytes;
  /** Core + react only, minus the UserManager app. */
  readonly coreReactOverUserManager: Bytes;
  /** What `dpop: dpop()` adds to the core + react app. */
  readonly dpopWhenUsed: Bytes;
  /** Whether the DPoP module's marker is in an app that does not use it (it must not be). */
  readonly dpopWhenUnused: boolean;
  /** What `apis: apis({...})` (two APIs) adds to the core + react app. */
  readonly apisWhenUsed: Bytes;
  /** Whether the apis module's marker is in an app that does not use it (it must not be). */
  readonly apisWhenUnused: boolean;
}

/** A string only Sesame's DPoP module holds (oidc-client-ts's own DPoP code has "dpop+jwt", not this). */
export const DPOP_MARKER = 'use_dpop_nonce';

/** A string only Sesame's apis module holds: its step-up memory's key. */
export const APIS_MARKER = 'sesame.stepup:';

/** The apps the budget needs. */
export const BUDGET_APPS: readonly BundleApp[] = [
  SESAME_FULL,
  USER_MANAGER_FULL_FLOOR,
  OIDC_CLIENT_FULL_FLOOR,
  SESAME,
  SESAME_DPOP,
  SESAME_APIS,
  OIDC_CLIENT_FLOOR,
  USER_MANAGER_FLOOR,
];

const difference = (a: AppWeight, b: AppWeight): Bytes => ({
  gzip: a.gzip - b.gzip,
  brotli: a.brotli - b.brotli,
});

/** Sesame's own code, from the weights (already built) of the apps it is compared with. */
export function ownCode(weights: ReadonlyMap<string, AppWeight>): OwnCode {
  const get = (app: BundleApp) => {
    const weight = weights.get(app.entry);
    if (!weight) throw new Error(`${app.entry} was not built`);
    return weight;
  };
  return {
    fullOverUserManager: difference(get(SESAME_FULL), get(USER_MANAGER_FULL_FLOOR)),
    fullOverOidcClient: difference(get(SESAME_FULL), get(OIDC_CLIENT_FULL_FLOOR)),
    coreReact: difference(get(SESAME), get(OIDC_CLIENT_FLOOR)),
    coreReactOverUserManager: difference(get(SESAME), get(USER_MANAGER_FLOOR)),
    dpopWhenUsed: difference(get(SESAME_DPOP), get(SESAME)),
    dpopWhenUnused: [SESAME, SESAME_FULL].some((app) => get(app).includes(DPOP_MARKER)),
    apisWhenUsed: difference(get(SESAME_APIS), get(SESAME)),
    apisWhenUnused: [SESAME, SESAME_FULL, SESAME_DPOP].some((app) =>
      get(app).includes(APIS_MARKER),
    ),
  };
}

/** Builds only the apps the budget needs. */
export async function measureOwnCode(): Promise<OwnCode> {
  const weights = new Map<string, AppWeight>();
  for (const app of BUDGET_APPS) weights.set(app.entry, await buildApp(app.entry));
  return ownCode(weights);
}

/** How Sesame's own code compares with the budget: each bound is judged on its own floor. */
export interface BudgetVerdict {
  /** The issue's target, on the issue's floor (over the UserManager app). */
  readonly targetMet: boolean;
  /** Bytes over the target (0 when met). */
  readonly overTarget: number;
  /** The CI regression limit, on the stricter floor (over the OidcClient app). False fails CI. */
  readonly withinLimit: boolean;
  /** Bytes over the CI limit (0 when within). */
  readonly overLimit: number;
  /** False when an app that never imports `dpop` ships its code (tree shaking broke). */
  readonly dpopTreeShaken: boolean;
  /** False when an app that never imports `apis` ships its code. */
  readonly apisTreeShaken: boolean;
}

export function judge(own: OwnCode, budget: SizeBudget): BudgetVerdict {
  const onIssueFloor = own.fullOverUserManager.gzip;
  const onStricterFloor = own.fullOverOidcClient.gzip;
  return {
    targetMet: onIssueFloor <= budget.targetGzip,
    overTarget: Math.max(0, onIssueFloor - budget.targetGzip),
    withinLimit: onStricterFloor <= budget.limitGzip,
    overLimit: Math.max(0, onStricterFloor - budget.limitGzip),
    dpopTreeShaken: !own.dpopWhenUnused,
    apisTreeShaken: !own.apisWhenUnused,
  };
}
