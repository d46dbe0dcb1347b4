/**
 * Deterministic split of named work across CI shards: items sorted by key, dealt round-robin, so every
 * shard of the same service sees the same assignment and the union is every item exactly once.
 */
export function selectShard<T>(items: T[], key: (item: T) => string, shard?: { index: number; total: number }): T[] {
  if (!shard || shard.total <= 1) return items;
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return sorted.filter((_, i) => i % shard.total === shard.index - 1);
}
