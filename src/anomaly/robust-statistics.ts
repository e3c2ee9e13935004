/** Median of a list of numbers (NaN for an empty list). Sorts a copy. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median absolute deviation around the median: the spread one extreme value cannot move. */
export function medianAbsoluteDeviation(values: readonly number[], center = median(values)): number {
  return median(values.map((value) => Math.abs(value - center)));
}

/**
 * How many robust standard deviations a value lies from the centre. MAD × 1.4826 estimates the standard
 * deviation of normal data; a floor keeps a window of identical values from making every difference infinite.
 */
export function robustZ(value: number, center: number, mad: number, floor: number): number {
  return Math.abs(value - center) / Math.max(1.4826 * mad, floor);
}
