/**
 * A short-lived, per-process cache of per-tenant lookups that every authenticated request repeats (ACE's stored
 * `clientInfo` with the shared secret, our `tenants` row). Without it each /api call paid two database round trips before
 * any route ran; on SQLite they queue behind the one connection.
 *
 * Safety rules:
 * - only found values are cached: an unknown clientKey is looked up every time, so a first install is seen at once and
 *   random keys cannot fill the cache;
 * - `forget(clientKey)` drops a tenant at once; install, re-install and uninstall call it on the instance that handled
 *   them, so a removed tenant's tokens stop working there immediately and a rotated secret takes effect immediately;
 * - other instances behind the load balancer do not hear of it: they keep the old value at most `ttlMs`, so keep it a few
 *   seconds (default 5 s). That is the whole window in which an uninstalled tenant's token still works elsewhere.
 * - in the last `refreshAheadMs` of its life a value is still answered, and one load in the background replaces it, so
 *   busy tenants never wait for the database when their entry runs out (every entry of a burst of tenants ran out
 *   together and their requests queued behind the reloads). A value never outlives `ttlMs`: a refresh that has not
 *   finished by then is waited for, like any miss.
 */
export interface TenantCache<T> {
  /** The cached value, or `load(clientKey)` (cached when not undefined). Concurrent misses for one key share one load. */
  get(clientKey: string, load: (clientKey: string) => Promise<T | undefined>): Promise<T | undefined>;
  forget(clientKey: string): void;
}

export const TENANT_CACHE_TTL_MS = 5_000;

export function createTenantCache<T>(options: { ttlMs?: number; refreshAheadMs?: number; nowMs?: () => number; maxEntries?: number } = {}): TenantCache<T> {
  const ttlMs = options.ttlMs ?? TENANT_CACHE_TTL_MS;
  const refreshAheadMs = options.refreshAheadMs ?? ttlMs / 5;
  const nowMs = options.nowMs ?? Date.now;
  const max = options.maxEntries ?? 10_000;
  const entries = new Map<string, { value: T; expiresAtMs: number }>();
  const loading = new Map<string, Promise<T | undefined>>();
  // Bumped by forget(): a load that started before it must not put the forgotten value back.
  const generation = new Map<string, number>();

  const startLoad = (clientKey: string, load: (clientKey: string) => Promise<T | undefined>): Promise<T | undefined> => {
    const startedIn = generation.get(clientKey) ?? 0;
    const promise = load(clientKey).then((value) => {
      if ((generation.get(clientKey) ?? 0) !== startedIn) return value;
      entries.delete(clientKey);
      // A tenant found gone (uninstalled through another instance) is dropped at once, not kept to the end of its TTL.
      if (value === undefined) return value;
      entries.set(clientKey, { value, expiresAtMs: nowMs() + ttlMs });
      if (entries.size > max) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      return value;
    }).finally(() => { if (loading.get(clientKey) === promise) loading.delete(clientKey); });
    loading.set(clientKey, promise);
    return promise;
  };

  return {
    async get(clientKey, load) {
      if (ttlMs <= 0) return load(clientKey);
      const hit = entries.get(clientKey);
      const now = nowMs();
      if (hit && hit.expiresAtMs > now) {
        if (hit.expiresAtMs - now <= refreshAheadMs && !loading.has(clientKey)) {
          // A failed refresh leaves the value to run out; the next miss loads again and reports the failure.
          startLoad(clientKey, load).catch(() => undefined);
        }
        return hit.value;
      }
      return loading.get(clientKey) ?? startLoad(clientKey, load);
    },
    forget(clientKey) {
      entries.delete(clientKey);
      loading.delete(clientKey);
      generation.set(clientKey, (generation.get(clientKey) ?? 0) + 1);
    },
  };
}
