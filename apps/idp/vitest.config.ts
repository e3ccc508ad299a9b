import { defineConfig } from 'vitest/config';

// Vitest 5's reporter calls Map.groupBy / Object.groupBy (Node 21+) when it prints a failure; on Node 20
// that throws and the failure message is lost. This config runs in the main process, so define them here.
type GroupBy = (
  items: Iterable<unknown>,
  key: (item: unknown, index: number) => unknown,
) => unknown;
const maps = Map as unknown as { groupBy?: GroupBy };
const objects = Object as unknown as { groupBy?: GroupBy };
maps.groupBy ??= (items, key) => {
  const groups = new Map<unknown, unknown[]>();
  let index = 0;
  for (const item of items) {
    const k = key(item, index++);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
};
objects.groupBy ??= (items, key) =>
  Object.fromEntries(maps.groupBy?.(items, key) as Map<PropertyKey, unknown[]>);

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Each file starts its own IdP on port 0; RSA key generation and HTTP round trips need a little headroom.
    testTimeout: 20_000,
  },
});
