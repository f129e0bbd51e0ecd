/**
 * Small-cell suppression for everything the public sees (DATA-PROTECTION.md, "Publishing"): counts from 1 to 4 are
 * withheld, and complementary suppression withholds more cells so that a published total cannot reveal a withheld
 * one by subtraction. Pure functions.
 */
export const PUBLIC_THRESHOLD = 5;

export interface CountCell<K> {
  key: K;
  count: number;
}

export interface Suppressed<K> {
  key: K;
  /** null when withheld. */
  count: number | null;
}

/**
 * Withholds counts below the threshold, then, when the group's total is published, withholds the smallest published
 * cells as well until the withheld cells cannot be worked out from the total: at least two of them, adding up to at
 * least the threshold, and not all at the largest value a withheld cell can hold (two cells adding up to 8 would be
 * 4 and 4). When no cell is left to withhold, the total is withheld instead. Zero counts are never listed at all.
 */
export function suppressGroup<K>(cells: readonly CountCell<K>[], threshold = PUBLIC_THRESHOLD): { cells: Suppressed<K>[]; total: number | null; withheld: number } {
  const listed = cells.filter((c) => c.count > 0);
  const sum = listed.reduce((acc, c) => acc + c.count, 0);
  const hide = new Set(listed.filter((c) => c.count < threshold).map((c) => c.key));
  let total: number | null = sum >= threshold ? sum : null;
  const hiddenSum = (): number => listed.filter((c) => hide.has(c.key)).reduce((acc, c) => acc + c.count, 0);
  const decodable = (): boolean => hide.size > 0 && (hide.size === 1 || hiddenSum() < threshold || hiddenSum() === hide.size * (threshold - 1));
  const shown = listed.filter((c) => !hide.has(c.key)).sort((a, b) => a.count - b.count);
  while (total !== null && decodable()) {
    const next = shown.shift();
    if (!next) {
      total = null;
      break;
    }
    hide.add(next.key);
  }
  return { cells: listed.map((c) => ({ key: c.key, count: hide.has(c.key) ? null : c.count })), total, withheld: hide.size };
}
