import { describe, expect, it } from 'vitest';
import type { AppWeight } from './build';
import {
  OIDC_CLIENT_FLOOR,
  OIDC_CLIENT_FULL_FLOOR,
  SESAME,
  SESAME_FULL,
  USER_MANAGER_FLOOR,
} from './apps';
import { judge, ownCode, readBudget } from './budget';

const weight = (gzip: number, brotli = gzip - 100): AppWeight => ({
  chunks: 1,
  minified: gzip * 3,
  gzip,
  brotli,
});

describe('the size budget', () => {
  it('budgets the full Sesame app against the OidcClient + react-query floor', () => {
    const weights = new Map([
      [SESAME_FULL.entry, weight(97_000)],
      [OIDC_CLIENT_FULL_FLOOR.entry, weight(87_000)],
      [SESAME.entry, weight(86_000)],
      [OIDC_CLIENT_FLOOR.entry, weight(77_000)],
      [USER_MANAGER_FLOOR.entry, weight(84_000)],
    ]);
    expect(ownCode(weights)).toEqual({
      full: { gzip: 10_000, brotli: 10_000 },
      coreReact: { gzip: 9_000, brotli: 9_000 },
      coreReactOverUserManager: { gzip: 2_000, brotli: 2_000 },
    });
  });

  it('refuses to judge when an app was not built', () => {
    expect(() => ownCode(new Map([[SESAME_FULL.entry, weight(1)]]))).toThrow(/was not built/);
  });

  it('fails CI only over the limit, and says by how much it misses the target', () => {
    const budget = { targetGzip: 4096, limitGzip: 8192 };
    expect(judge(4096, budget)).toEqual({
      targetMet: true,
      withinLimit: true,
      overTarget: 0,
      overLimit: 0,
    });
    expect(judge(6000, budget)).toMatchObject({
      targetMet: false,
      withinLimit: true,
      overTarget: 1904,
    });
    expect(judge(8193, budget)).toMatchObject({ withinLimit: false, overLimit: 1 });
  });

  it('reads bench/size-budget.json: the target is the issue’s 4 KB, the limit not below it', () => {
    const budget = readBudget();
    expect(budget.targetGzip).toBe(4096);
    expect(budget.limitGzip).toBeGreaterThanOrEqual(budget.targetGzip);
  });
});
