import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The first ```tsx block after the "## Quick start" heading of the root README. */
export function quickStartBlock(readme: string): string {
  const section = readme.split(/^## Quick start$/m)[1];
  const block = section && /```tsx\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('The root README has no tsx block under "## Quick start".');
  return block;
}

describe('the README quick start', () => {
  it('is this app’s source, character for character', () => {
    expect(quickStartBlock(read('../../../README.md'))).toBe(read('./App.tsx'));
  });

  // 25 lines until it showed `error` and caught its commands' rejections (issue 17): both belong
  // in the smallest correct integration.
  it('fits in 32 lines', () => {
    expect(read('./App.tsx').trimEnd().split('\n').length).toBeLessThanOrEqual(32);
  });
});
