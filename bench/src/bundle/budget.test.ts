import { describe, expect, it } from 'vitest';
import type { AppWeight } from './build';
import {
  OIDC_CLIENT_FLOOR,
  OIDC_CLIENT_FULL_FLOOR,
  SESAME,
  SESAME_DPOP,
  SESAME_APIS,
  SESAME_FULL,
  USER_MANAGER_FLOOR,
  USER_MANAGER_FULL_FLOOR,
} from './apps';
import type { BundleApp } from './apps';
import type { OwnCode } from './budget';
import { APIS_MARKER, BUDGET_APPS, DPOP_MARKER, judge, ownCode, readBudget } from './budget';

const weight = (gzip: number, brotli = gzip - 100, code = ''): AppWeight => ({
  chunks: 1,
  minified: gzip * 3,
  gzip,
  brotli,
  includes: (text) => code.includes(text),
});

/** Every app at one byte, and `code` in `marked`'s bundle alone: to show a marker check can fail. */
const oneByteAppsWithCodeIn = (marked: BundleApp, code: string) =>
  new Map(
    BUDGET_APPS.map((app) => [app.entry, app === marked ? weight(1, 1, code) : weight(1)] as const),
  );

describe('the size budget', () => {
  it('measures the full Sesame app over both full floors, and core + react over both small ones', () => {
    const weights = new Map([
      [SESAME_FULL.entry, weight(97_000)],
      [USER_MANAGER_FULL_FLOOR.entry, weight(93_000)],
      [OIDC_CLIENT_FULL_FLOOR.entry, weight(87_000)],
      [SESAME.entry, weight(86_000)],
      [SESAME_DPOP.entry, weight(87_500, 87_300)],
      [SESAME_APIS.entry, weight(87_000, 86_700)],
      [OIDC_CLIENT_FLOOR.entry, weight(77_000)],
      [USER_MANAGER_FLOOR.entry, weight(84_000, 83_500)],
    ]);
    expect(ownCode(weights)).toEqual({
      fullOverUserManager: { gzip: 4_000, brotli: 4_000 },
      fullOverOidcClient: { gzip: 10_000, brotli: 10_000 },
      coreReact: { gzip: 9_000, brotli: 9_000 },
      coreReactOverUserManager: { gzip: 2_000, brotli: 2_400 },
      dpopWhenUsed: { gzip: 1_500, brotli: 1_400 },
      dpopWhenUnused: false,
      apisWhenUsed: { gzip: 1_000, brotli: 800 },
      apisWhenUnused: false,
    });
  });

  it("finds the dpop module's marker in an app that does not use it (the check can fail)", () => {
    const own = ownCode(oneByteAppsWithCodeIn(SESAME, `x="${DPOP_MARKER}"`));
    expect(own.dpopWhenUnused).toBe(true);
    expect(own.apisWhenUnused).toBe(false);
    expect(judge(own, { targetGzip: 10, limitGzip: 10 }).dpopTreeShaken).toBe(false);
  });

  it("finds the apis module's marker in an app that does not use it (the check can fail)", () => {
    const own = ownCode(oneByteAppsWithCodeIn(SESAME_FULL, `k="${APIS_MARKER}x@y"`));
    expect(own.apisWhenUnused).toBe(true);
    expect(judge(own, { targetGzip: 10, limitGzip: 10 }).apisTreeShaken).toBe(false);
  });

  it('refuses to judge when an app was not built', () => {
    expect(() => ownCode(new Map([[SESAME_FULL.entry, weight(1)]]))).toThrow(/was not built/);
  });

  const measured = (overUserManager: number, overOidcClient: number): OwnCode => ({
    fullOverUserManager: { gzip: overUserManager, brotli: 0 },
    fullOverOidcClient: { gzip: overOidcClient, brotli: 0 },
    coreReact: { gzip: 0, brotli: 0 },
    coreReactOverUserManager: { gzip: 0, brotli: 0 },
    dpopWhenUsed: { gzip: 0, brotli: 0 },
    dpopWhenUnused: false,
    apisWhenUsed: { gzip: 0, brotli: 0 },
    apisWhenUnused: false,
  });

  it('judges the target on the UserManager floor and the CI limit on the OidcClient floor', () => {
    const budget = { targetGzip: 4096, limitGzip: 8192 };
    expect(judge(measured(4096, 8192), budget)).toEqual({
      targetMet: true,
      overTarget: 0,
      withinLimit: true,
      overLimit: 0,
      dpopTreeShaken: true,
      apisTreeShaken: true,
    });
    // Over the target on the floor, and still within the limit on the stricter one.
    expect(judge(measured(6000, 7000), budget)).toEqual({
      targetMet: false,
      overTarget: 1904,
      withinLimit: true,
      overLimit: 0,
      dpopTreeShaken: true,
      apisTreeShaken: true,
    });
    // The target is met on the floor while the stricter figure fails CI.
    expect(judge(measured(4000, 8193), budget)).toEqual({
      targetMet: true,
      overTarget: 0,
      withinLimit: false,
      overLimit: 1,
      dpopTreeShaken: true,
      apisTreeShaken: true,
    });
  });

  it('reads bench/size-budget.json: the target is the issue’s 4 KB plus the ID-token signature check (447 B, issue 16), the limit not below it', () => {
    const budget = readBudget();
    expect(budget.targetGzip).toBe(4096 + 447);
    expect(budget.limitGzip).toBeGreaterThanOrEqual(budget.targetGzip);
  });
});
