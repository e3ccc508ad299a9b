// Vitest 5's reporter calls Map.groupBy / Object.groupBy (Node 21+) when it prints a failure; on Node 20
// that throws and the failure message is lost. Every vitest.config.ts imports this file first, because the
// config runs in the reporter's process.
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

export {};
