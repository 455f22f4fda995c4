import type { Database } from "../db/database";
import type { Logger } from "../log/logger";
import { claimItems } from "./claim";
import { systemClock, type Clock } from "./clock";
import { finishItem, renewLease } from "./leases";
import type { ItemOutcome } from "./outcome";
import { DEFAULT_OUTCOME_POLICY, decideOutcome, type OutcomePolicy } from "./outcome-policy";
import type { ClaimedItem, WorkItem, WorkJob } from "./work-item";
import { workspaceLimitsFromDb } from "./workspace-limits";

/**
 * Performs one item: the API layer implements it with the Bitbucket client (a PUT to `after`, or a DELETE for `none`,
 * with the workspace's write credential). It resolves when the change is made and throws the client's typed error when not.
 */
export interface ItemExecutor {
  execute(item: WorkItem, job: WorkJob): Promise<void>;
}

export interface JobWorkerOptions {
  readonly db: Database;
  readonly executor: ItemExecutor;
  /** Unique per process (host:pid:random); leases are held in its name. */
  readonly workerId: string;
  readonly clock?: Clock;
  /** How long a claimed item stays this worker's without a heartbeat; another instance takes it over afterwards. */
  readonly leaseMs?: number;
  /** Heartbeat period; a third of the lease by default. */
  readonly renewEveryMs?: number;
  /** Idle time between claims when there was nothing to do. */
  readonly pollMs?: number;
  /** Items this process runs at once, over all workspaces. */
  readonly maxInFlight?: number;
  /** Items of one workspace in flight at once across all instances; its `concurrency` setting by default. */
  readonly concurrencyFor?: (clientKey: string) => Promise<number>;
  readonly policy?: OutcomePolicy;
  readonly random?: () => number;
  readonly logger?: Pick<Logger, "info" | "warn" | "error">;
}

export interface JobWorker {
  /** Starts claiming and running items in the background; idempotent. */
  start(): void;
  /** Takes no new item, lets the running ones finish and record their outcome, then resolves. */
  stop(): Promise<void>;
  /** One claim round, run to completion; for tests and the CLI. Resolves to the number of items it ran. */
  runOnce(): Promise<number>;
}

export function createJobWorker(options: JobWorkerOptions): JobWorker {
  const { db, executor, workerId, logger } = options;
  const clock = options.clock ?? systemClock;
  const leaseMs = options.leaseMs ?? 60_000;
  const renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(leaseMs / 3));
  const pollMs = options.pollMs ?? 1000;
  const maxInFlight = options.maxInFlight ?? 16;
  const policy = options.policy ?? DEFAULT_OUTCOME_POLICY;
  const random = options.random ?? Math.random;
  const concurrencyFor = options.concurrencyFor ?? (async (clientKey: string) => (await workspaceLimitsFromDb(db)(clientKey)).concurrency);

  const inFlight = new Set<Promise<void>>();
  let loop: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;
  /** Set when an item finishes, so a slot freed between a claim and the wait is filled at once. */
  let finishedSinceClaim = false;
  // A function, so the loop re-reads the flag after each await (stop() sets it meanwhile).
  const stopRequested = (): boolean => stopping;

  const heartbeat = (item: WorkItem): NodeJS.Timeout => {
    const timer = setInterval(() => {
      renewLease(db, workerId, item.id, leaseMs, clock())
        .then((held) => { if (!held) logger?.warn({ itemId: item.id, jobId: item.jobId }, "Lost the lease on a running item; its result will be refused"); })
        .catch((error: unknown) => { logger?.warn({ err: error, itemId: item.id }, "Could not renew a lease"); });
    }, renewEveryMs);
    timer.unref();
    return timer;
  };

  const run = async ({ item, job }: ClaimedItem): Promise<void> => {
    const timer = heartbeat(item);
    let outcome: ItemOutcome;
    try {
      await executor.execute(item, job);
      outcome = { kind: "done" };
    } catch (error) {
      outcome = decideOutcome(error, item, clock(), policy, random);
    } finally {
      clearInterval(timer);
    }
    try {
      const recorded = await finishItem(db, { workerId, itemId: item.id, jobId: item.jobId, nowMs: clock(), outcome });
      if (!recorded) logger?.warn({ itemId: item.id, jobId: item.jobId }, "Another worker took this item over; its result was not recorded");
      else if (outcome.kind !== "done") logger?.info({ itemId: item.id, jobId: item.jobId, outcome: outcome.kind, code: outcome.error.code }, "Item did not complete");
    } catch (error) {
      // The lease runs out and another worker repeats the item; the write is idempotent.
      logger?.error({ err: error, itemId: item.id, jobId: item.jobId }, "Could not record an item's outcome");
    }
  };

  const launch = (claimed: ClaimedItem): Promise<void> => {
    const p: Promise<void> = run(claimed).finally(() => {
      inFlight.delete(p);
      finishedSinceClaim = true;
      wake?.();
    });
    inFlight.add(p);
    return p;
  };

  const claim = async (): Promise<ClaimedItem[]> => {
    finishedSinceClaim = false;
    const free = maxInFlight - inFlight.size;
    if (free <= 0) return [];
    return claimItems(db, workerId, { limit: free, leaseMs, nowMs: clock(), concurrencyFor });
  };

  const idle = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => { clearTimeout(timer); wake = null; resolve(); };
      const timer = setTimeout(done, ms);
      wake = done;
    });

  const background = async (): Promise<void> => {
    while (!stopping) {
      let claimed = 0;
      try {
        const items = await claim();
        items.forEach((c) => void launch(c));
        claimed = items.length;
      } catch (error) {
        logger?.error({ err: error, workerId }, "Claiming job items failed");
      }
      if (stopRequested()) break;
      // Nothing to do, or every slot taken: wait for the poll interval or for an item to finish.
      if ((claimed === 0 || inFlight.size >= maxInFlight) && !finishedSinceClaim) await idle(pollMs);
    }
  };

  return {
    start() {
      if (loop) return;
      stopping = false;
      loop = background();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      loop = null;
      await Promise.all([...inFlight]);
    },
    async runOnce() {
      const items = await claim();
      await Promise.all(items.map(launch));
      return items.length;
    },
  };
}
