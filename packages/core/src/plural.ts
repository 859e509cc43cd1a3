/**
 * A count with its noun, singular for exactly one: `1 image`, `2 images`, `0 images`;
 * `countOf(3, "class", "classes")` for a plural that is not the noun plus `s`.
 * @param n - the count.
 * @param noun - the singular noun.
 * @param plural - the plural noun; `<noun>s` by default.
 */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
