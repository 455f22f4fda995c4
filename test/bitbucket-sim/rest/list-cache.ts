import type { SimContext } from "./context";

const MAX_ENTRIES = 64;

/**
 * Memoises an expensive, filtered and sorted list (10k repositories, or every user × repository)
 * so paging through it costs one slice per page. Entries die with any state change (`state.version`),
 * and nothing is cached while a read-after-write lag is configured, since visibility then moves with time.
 */
export function cachedList<T>(ctx: SimContext, key: string, compute: () => T[]): T[] {
  if (ctx.switches.readAfterWriteLagMs > 0) return compute();
  const fullKey = `${ctx.caller.kind}|${ctx.caller.identity}|${key}`;
  const hit = ctx.cache.get(fullKey);
  if (hit && hit.version === ctx.state.version) return hit.value as T[];
  const value = compute();
  if (ctx.cache.size >= MAX_ENTRIES) ctx.cache.clear();
  ctx.cache.set(fullKey, { version: ctx.state.version, value });
  return value;
}
