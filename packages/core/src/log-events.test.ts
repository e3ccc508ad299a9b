// @vitest-environment node
// Debug-log events are written `log(DEV ? 'sentence' : n)` (dev.ts): production builds hand the
// logger `#n` instead of the sentence, and the README's Logging table is where a reader of such a
// log looks each number up. This keeps the sources and that table in step.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectEvents } from './inspect-events';

const src = new URL('./', import.meta.url);
const sources = readdirSync(src)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => ({ file, text: readFileSync(new URL(file, src), 'utf8') }));

/** Every `DEV ? '…' : n` in the shipped sources, as [number, sentence]. */
const inSources = sources.flatMap(({ text }) =>
  [...text.matchAll(/\bDEV\s*\?\s*'([^']+)'\s*:\s*(\d+)\b/g)].map(
    ([, sentence, number]) => [Number(number), sentence!] as const,
  ),
);

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const logging = readme.slice(readme.indexOf('### Logging'));
/** The Logging table's rows, as [number, sentence]. */
const inReadme = [...logging.matchAll(/^\| (\d+) +\| `([^`]+)` +\|/gm)].map(
  ([, number, sentence]) => [Number(number), sentence!] as const,
);

describe('debug-log events', () => {
  it('each number names one sentence and each sentence one number', () => {
    expect(inSources.length).toBeGreaterThan(20);
    const byNumber = new Map<number, Set<string>>();
    const bySentence = new Map<string, Set<number>>();
    for (const [number, sentence] of inSources) {
      byNumber.set(number, (byNumber.get(number) ?? new Set()).add(sentence));
      bySentence.set(sentence, (bySentence.get(sentence) ?? new Set()).add(number));
    }
    const clashes = (map: Map<unknown, Set<unknown>>) =>
      [...map].filter(([, values]) => values.size > 1).map(([key, values]) => [key, [...values]]);
    expect(clashes(byNumber)).toEqual([]);
    expect(clashes(bySentence)).toEqual([]);
  });

  it('the README lists exactly the events the sources log', () => {
    const unique = (pairs: readonly (readonly [number, string])[]) =>
      [...new Map(pairs.map(([number, sentence]) => [number, sentence]))].sort(([a], [b]) => a - b);
    expect(inReadme.length).toBeGreaterThan(20);
    expect(unique(inReadme)).toEqual(unique(inSources));
  });

  it('inspectEvents (the labels devtools shows) names each logged event with its sentence', () => {
    // 70 and 71 are made by inspectSession() from the store, not logged.
    const labels = Object.entries(inspectEvents)
      .filter(([number]) => Number(number) < 70)
      .map(([number, [sentence]]) => [Number(number), sentence] as const);
    const logged = [...new Map(inSources.map(([number, sentence]) => [number, sentence]))];
    expect(labels.sort(([a], [b]) => a - b)).toEqual(logged.sort(([a], [b]) => a - b));
  });

  it('no log call passes a bare sentence (it would ship in production builds)', () => {
    const bare = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/\blog\(\s*['`]/g)].map((match) => `${file}:${match.index}`),
    );
    expect(bare).toEqual([]);
  });
});
