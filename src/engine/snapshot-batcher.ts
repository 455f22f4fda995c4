import { applyItemsToSnapshot, principalKey, type AccessSnapshot, type Principal } from "../access";
import type { WorkItem } from "../jobs";
import type { SnapshotStore } from "./snapshot-store";
import type { EngineLogger } from "./types";

export interface SnapshotBatchOptions {
  /** A batch is written once it holds this many results. Default 200. */
  readonly maxItems?: number;
  /**
   * A batch is written at most this long after its first result, or 20 times as long as the last write of the project took
   * if that is longer, up to 20 s (so rewriting a big snapshot takes at most about 5% of the time). Default 1 second.
   */
  readonly maxDelayMs?: number;
}

export interface SnapshotBatcher {
  /**
   * Queues a done item's result for the project's stored snapshot. Resolves once the batch's pending mark is stored, so an
   * item counts as done only when a crash would leave the snapshot marked stale. Never throws (the change is made; the
   * cache is only a cache).
   */
  add(clientKey: string, projectKey: string, item: Pick<WorkItem, "principal" | "target" | "repository" | "after">): Promise<void>;
  /** Writes the queued results now: of one project, or of every project. */
  flush(clientKey?: string, projectKey?: string): Promise<void>;
}

interface Batch {
  readonly clientKey: string;
  readonly projectKey: string;
  readonly items: Pick<WorkItem, "principal" | "target" | "repository" | "after">[];
  readonly opened: Promise<boolean>;
  timer: NodeJS.Timeout | undefined;
}

const DEFAULT_MAX_ITEMS = 200;
const DEFAULT_MAX_DELAY_MS = 1000;
/** The adaptive delay's cap, well under the access service's grace for pending marks (one minute). */
const MAX_ADAPTIVE_DELAY_MS = 20_000;

/**
 * Job results written into stored snapshots in batches: one read-modify-write of the snapshot per batch instead of per item,
 * so a job over N repositories costs O(N) snapshot work in total, not O(N²). A batch opens with a small pending mark in the
 * database (snapshot-store `openBatch`) and its write takes the mark back; the access service reads a snapshot whose mark
 * has been left for long as stale (ADR 006).
 */
export function createSnapshotBatcher(deps: { snapshots: SnapshotStore; logger: EngineLogger; clock: () => number; options?: SnapshotBatchOptions }): SnapshotBatcher {
  const { snapshots, logger, clock } = deps;
  const maxItems = deps.options?.maxItems ?? DEFAULT_MAX_ITEMS;
  const maxDelayMs = deps.options?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const open = new Map<string, Batch>();
  /** Per project: the last write (writes of one project run one after the other) and how long it took. */
  const writing = new Map<string, Promise<void>>();
  const lastWriteMs = new Map<string, number>();
  const keyOf = (clientKey: string, projectKey: string): string => `${clientKey}\n${projectKey}`;

  const write = async (batch: Batch): Promise<void> => {
    const startedMs = clock();
    try {
      const opened = await batch.opened;
      await snapshots.update(batch.clientKey, batch.projectKey, (snapshot) => applyBatch(snapshot, batch.items), { settlesBatch: opened });
    } catch (error) {
      // The pending mark (if stored) stays, so the snapshot will be read again instead of showing a lie.
      logger.warn({ err: error, projectKey: batch.projectKey, items: batch.items.length }, "Could not write job results into the stored snapshot");
    }
    lastWriteMs.set(keyOf(batch.clientKey, batch.projectKey), clock() - startedMs);
  };

  const close = (key: string): Promise<void> => {
    const batch = open.get(key);
    if (!batch) return writing.get(key) ?? Promise.resolve();
    open.delete(key);
    if (batch.timer) clearTimeout(batch.timer);
    const previous = writing.get(key) ?? Promise.resolve();
    const next = previous.then(() => write(batch));
    writing.set(key, next);
    void next.finally(() => { if (writing.get(key) === next) writing.delete(key); });
    return next;
  };

  return {
    async add(clientKey, projectKey, item) {
      const key = keyOf(clientKey, projectKey);
      let batch = open.get(key);
      if (!batch) {
        const opened = snapshots.openBatch(clientKey, projectKey).catch((error: unknown) => {
          logger.warn({ err: error, projectKey }, "Could not mark the stored snapshot as awaiting job results");
          return false;
        });
        const created: Batch = { clientKey, projectKey, items: [], opened, timer: undefined };
        const delay = Math.max(maxDelayMs, Math.min(MAX_ADAPTIVE_DELAY_MS, 20 * (lastWriteMs.get(key) ?? 0)));
        created.timer = setTimeout(() => { void close(key); }, delay);
        created.timer.unref();
        open.set(key, created);
        batch = created;
      }
      batch.items.push({ principal: item.principal, target: item.target, repository: item.repository, after: item.after });
      if (batch.items.length >= maxItems) void close(key);
      await batch.opened;
    },
    async flush(clientKey, projectKey) {
      const keys = clientKey === undefined || projectKey === undefined
        ? [...new Set([...open.keys(), ...writing.keys()])]
        : [keyOf(clientKey, projectKey)];
      await Promise.all(keys.map(close));
    },
  };
}

/** The snapshot with every queued result applied, in order, principal by principal. */
const applyBatch = (snapshot: AccessSnapshot, items: readonly Pick<WorkItem, "principal" | "target" | "repository" | "after">[]): AccessSnapshot => {
  const byPrincipal = new Map<string, { principal: Principal; items: Pick<WorkItem, "target" | "repository" | "after">[] }>();
  for (const item of items) {
    const key = principalKey(item.principal);
    const group = byPrincipal.get(key) ?? { principal: item.principal, items: [] };
    group.items.push(item);
    byPrincipal.set(key, group);
  }
  let next = snapshot;
  for (const group of byPrincipal.values()) next = applyItemsToSnapshot(next, group.principal, group.items);
  return next;
};
