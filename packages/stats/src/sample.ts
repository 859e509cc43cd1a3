/** A small seeded pseudo-random generator (mulberry32): same seed, same sequence, on every platform. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Picks `count` distinct items without replacement, deterministically for a given seed
 * (partial Fisher–Yates shuffle), returned in their original order. All items when there are
 * no more than `count`.
 */
export function deterministicSample<T>(items: readonly T[], count: number, seed = 0): T[] {
  if (items.length <= count) return [...items];
  const random = mulberry32(seed);
  const indices = Array.from(items, (_, index) => index);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (indices.length - i));
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return indices
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((index) => items[index]!);
}
