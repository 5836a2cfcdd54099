import { distance } from 'fastest-levenshtein';

/**
 * The registered ids closest to `id` by edit distance (case-insensitive),
 * at most `limit` of them, nearest first. Ids farther than half the length of
 * `id` (at least 3 edits) are left out, so a wild guess gets no suggestion.
 */
export function closestIds(id: string, known: Iterable<string>, limit = 3): string[] {
  const wanted = id.toLowerCase();
  const maxDistance = Math.max(3, Math.ceil(wanted.length / 2));
  return [...known]
    .map((k) => ({ k, d: distance(wanted, k.toLowerCase()) }))
    .filter(({ k, d }) => d <= maxDistance || k.toLowerCase().includes(wanted))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, limit)
    .map(({ k }) => k);
}
