import { describe, expect, it } from 'vitest';
import { toRouterPath } from './paths';

describe('toRouterPath', () => {
  it.each([
    ['/accounts/1?tab=2#top', '/', '/accounts/1?tab=2#top'],
    ['/app/accounts/1?tab=2#top', '/app', '/accounts/1?tab=2#top'],
    ['/app', '/app', '/'],
    ['/app?x=1', '/app', '/?x=1'],
    ['/app#top', '/app', '/#top'],
    ['/application/1', '/app', null],
    ['/other/1', '/app', null],
    ['/index.html#/accounts/1?tab=2', '#/', '/accounts/1?tab=2'],
    ['/index.html', '#/', null],
  ])('%s under basename %s → %s', (returnTo, basename, expected) => {
    expect(toRouterPath(returnTo, basename)).toBe(expected);
  });
});
