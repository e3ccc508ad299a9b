// Load runs cut into slices taken in turns, as api-validation does: on a shared machine, load from
// other work comes and goes, and taking turns makes it fall on every compared row alike.
import { combine, type LoadResult } from './load.js';

/**
 * Runs every named load `rounds` times, in turns with a rotating order (a b c, then b c a, then
 * c a b...), and combines each name's slices into one result (requests and time add up,
 * percentiles over every latency). `slices` run one at a time, never together.
 */
export async function inTurns<K extends string>(
  slices: Readonly<Record<K, () => Promise<LoadResult>>>,
  rounds: number,
): Promise<Record<K, LoadResult>> {
  const names = Object.keys(slices) as K[];
  const taken = new Map<K, LoadResult[]>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < names.length; i += 1) {
      const name = names[(round + i) % names.length]!;
      taken.get(name)!.push(await slices[name]());
    }
  }
  return Object.fromEntries(names.map((name) => [name, combine(taken.get(name)!)])) as Record<
    K,
    LoadResult
  >;
}
