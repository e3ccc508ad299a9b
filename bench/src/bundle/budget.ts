// The size budget of issue 11: Sesame's own code, on top of the oidc-client-ts code it builds on.
import { readFileSync } from 'node:fs';
import { buildApp, type AppWeight } from './build.js';
import {
  OIDC_CLIENT_FLOOR,
  OIDC_CLIENT_FULL_FLOOR,
  SESAME,
  SESAME_FULL,
  USER_MANAGER_FLOOR,
  type BundleApp,
} from './apps.js';

/** bench/size-budget.json: `targetGzip` is the goal, `limitGzip` what CI enforces. */
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

export interface OwnCode {
  /** The budgeted figure: the full Sesame app minus the OidcClient + react-query + react-router app. */
  readonly full: Bytes;
  /** Core + react only, minus the OidcClient app. */
  readonly coreReact: Bytes;
  /** Core + react minus the UserManager app (Sesame never bundles UserManager: this flatters it). */
  readonly coreReactOverUserManager: Bytes;
}

/** The apps the budget needs. */
export const BUDGET_APPS: readonly BundleApp[] = [
  SESAME_FULL,
  OIDC_CLIENT_FULL_FLOOR,
  SESAME,
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
    full: difference(get(SESAME_FULL), get(OIDC_CLIENT_FULL_FLOOR)),
    coreReact: difference(get(SESAME), get(OIDC_CLIENT_FLOOR)),
    coreReactOverUserManager: difference(get(SESAME), get(USER_MANAGER_FLOOR)),
  };
}

/** Builds only the apps the budget needs. */
export async function measureOwnCode(): Promise<OwnCode> {
  const weights = new Map<string, AppWeight>();
  for (const app of BUDGET_APPS) weights.set(app.entry, await buildApp(app.entry));
  return ownCode(weights);
}

/** How a measured size compares with the budget. */
export interface BudgetVerdict {
  readonly targetMet: boolean;
  /** False fails CI. */
  readonly withinLimit: boolean;
  /** Bytes over the target (0 when met). */
  readonly overTarget: number;
  /** Bytes over the CI limit (0 when within). */
  readonly overLimit: number;
}

export function judge(gzip: number, budget: SizeBudget): BudgetVerdict {
  return {
    targetMet: gzip <= budget.targetGzip,
    withinLimit: gzip <= budget.limitGzip,
    overTarget: Math.max(0, gzip - budget.targetGzip),
    overLimit: Math.max(0, gzip - budget.limitGzip),
  };
}
