import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunksInclude, DEVTOOLS_MARKER } from './dashboard-devtools';

describe("the dashboard's devtools check", () => {
  it('uses the marker the devtools package really puts on its host element', () => {
    const source = readFileSync(
      new URL('../../../packages/devtools/src/marker.ts', import.meta.url),
      'utf8',
    );
    expect(source).toContain(`'${DEVTOOLS_MARKER}'`);
  });

  it('finds the marker in any chunk, and only there (the check can fail)', () => {
    expect(
      chunksInclude(
        [{ code: 'a' }, { code: `x.setAttribute("${DEVTOOLS_MARKER}","")` }],
        DEVTOOLS_MARKER,
      ),
    ).toBe(true);
    expect(chunksInclude([{ code: 'a' }, { code: 'b' }], DEVTOOLS_MARKER)).toBe(false);
  });
});
