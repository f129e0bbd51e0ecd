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
 * Withholds counts below the threshold. If the withheld cells could then be worked out from the group's total (one
 * cell alone, cells adding up to less than the threshold, or all at the largest value a withheld cell can hold: two
 * adding up to 8 are 4 and 4), it withholds the total instead, or, when the total is published elsewhere anyway
 * (`totalIsFixed`, an area's count is its country's cell), or when a few small cells are enough, the smallest
 * published cells too. Zero counts are never listed at all. A withheld cell is not labelled "under 5": it may not be.
 */
export function suppressGroup<K>(cells: readonly CountCell<K>[], options: { threshold?: number; totalIsFixed?: boolean } = {}): { cells: Suppressed<K>[]; total: number | null; withheld: number } {
  const threshold = options.threshold ?? PUBLIC_THRESHOLD;
  const listed = cells.filter((c) => c.count > 0);
  const sum = listed.reduce((acc, c) => acc + c.count, 0);
  const primary = new Set(listed.filter((c) => c.count < threshold).map((c) => c.key));
  const total: number | null = sum >= threshold ? sum : null;
  const decodable = (hide: Set<K>): boolean => {
    if (hide.size === 0) return false;
    const hidden = listed.filter((c) => hide.has(c.key)).reduce((acc, c) => acc + c.count, 0);
    return hide.size === 1 || hidden < threshold || hidden === hide.size * (threshold - 1);
  };
  const result = (hide: Set<K>, shownTotal: number | null) => ({ cells: listed.map((c) => ({ key: c.key, count: hide.has(c.key) ? null : c.count })), total: shownTotal, withheld: hide.size });
  if (total === null || !decodable(primary)) return result(primary, total);
  // Complementary cells, smallest first: any of them when the total must stay, else only small ones.
  const hide = new Set(primary);
  const candidates = listed.filter((c) => !hide.has(c.key)).sort((a, b) => a.count - b.count).filter((c) => options.totalIsFixed || c.count < 3 * threshold);
  for (const c of candidates) {
    if (!decodable(hide)) break;
    hide.add(c.key);
  }
  if (!decodable(hide)) return result(hide, total);
  if (!options.totalIsFixed) return result(primary, null);
  return result(new Set(listed.map((c) => c.key)), total);
}
