// The size budget of issue 11: Sesame's own code, on top of the oidc-client-ts code it builds on.
import { readFileSync } from 'node:fs';
import { buildApp, type AppWeight } from './build.js';
import { OIDC_CLIENT_FLOOR, SESAME, USER_MANAGER_FLOOR } from './apps.js';

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

export interface OwnCode {
  readonly sesame: AppWeight;
  readonly oidcClientFloor: AppWeight;
  readonly userManagerFloor: AppWeight;
  /** Sesame app minus the OidcClient app: the bytes the budget is about. */
  readonly overOidcClient: { gzip: number; brotli: number };
  /** Sesame app minus the UserManager app (negative: Sesame ships less than UserManager). */
  readonly overUserManager: { gzip: number; brotli: number };
}

const difference = (a: AppWeight, b: AppWeight) => ({
  gzip: a.gzip - b.gzip,
  brotli: a.brotli - b.brotli,
});

/** Sesame's own code, given the weights (already built) of the three apps it is compared with. */
export function ownCode(weights: ReadonlyMap<string, AppWeight>): OwnCode {
  const get = (entry: string) => {
    const weight = weights.get(entry);
    if (!weight) throw new Error(`${entry} was not built`);
    return weight;
  };
  const sesame = get(SESAME.entry);
  const oidcClientFloor = get(OIDC_CLIENT_FLOOR.entry);
  const userManagerFloor = get(USER_MANAGER_FLOOR.entry);
  return {
    sesame,
    oidcClientFloor,
    userManagerFloor,
    overOidcClient: difference(sesame, oidcClientFloor),
    overUserManager: difference(sesame, userManagerFloor),
  };
}

/** Builds only the apps the budget needs. */
export async function measureOwnCode(): Promise<OwnCode> {
  const weights = new Map<string, AppWeight>();
  for (const app of [SESAME, OIDC_CLIENT_FLOOR, USER_MANAGER_FLOOR]) {
    weights.set(app.entry, await buildApp(app.entry));
  }
  return ownCode(weights);
}
