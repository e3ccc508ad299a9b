import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('README', () => {
  it('starts with the example that test-consumer/index.tsx compiles against the built types', () => {
    const readme = read('../README.md');
    const example = /```tsx\n([\s\S]*?)```/.exec(readme)?.[1];
    const compiled = read('../test-consumer/index.tsx').replace(/^(\/\/.*\n)+/, '');
    expect(example).toBeTruthy();
    expect(compiled).toBe(example);
  });
});
