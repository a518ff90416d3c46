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

/** @returns the value a share `q` of `xs` is at or below (nearest rank) */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
