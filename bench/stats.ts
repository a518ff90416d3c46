/**
 * The benches' statistics over repeated runs.
 *
 * @module
 */

/** @returns the median of `xs` (the mean of the middle two when even) */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * `a`'s figure over `b`'s in each round, the two measured side by side.
 *
 * @returns the rounds' ratios' median and range; undefined when there are
 *   none, or one is not a number
 */
export function roundRatios(
  a: readonly number[],
  b: readonly number[],
): { median: number; lo: number; hi: number } | undefined {
  const rs = a.map((x, i) => x / b[i]);
  if (rs.length === 0 || rs.some((r) => !Number.isFinite(r))) return undefined;
  return { median: median(rs), lo: Math.min(...rs), hi: Math.max(...rs) };
}

/** @returns the value a share `q` of `xs` is at or below (nearest rank) */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
