import { randomBytes } from "node:crypto";
import { createJobWorker, type JobState, type JobView } from "../jobs";
import { createCliExecutor } from "./executor";
import { writeLine } from "./io";
import { createProgress } from "./progress";
import type { Runtime, Session } from "./runtime";

/**
 * A short lease: a run killed with SIGKILL holds its in-flight items only this long, so `resume` continues almost at once.
 * The worker renews it every third while a call is in flight, so a slow call keeps its item.
 */
export const CLI_LEASE_MS = 5_000;
const POLL_MS = 200;

/** Job states no item will change any more (src/jobs/types.ts exports them as a type only). */
export const isFinished = (state: JobState): boolean => state === "succeeded" || state === "failed" || state === "cancelled";

export interface JobRun {
  readonly job: JobView;
  /** Ctrl-C stopped the run before the job finished. */
  readonly interrupted: boolean;
}

/**
 * Runs a stored job in this process with the app's worker (leases, budget, outcome policy) until it finishes or Ctrl-C.
 * On Ctrl-C the worker takes no new item, lets the calls in flight finish and record their outcome, and the run returns:
 * nothing is left leased, so `resume` starts at once. The worker only claims this workspace's items.
 */
export async function runJob(runtime: Runtime, session: Session, jobId: string): Promise<JobRun> {
  const { io, tenant, settings } = runtime;
  const worker = createJobWorker({
    db: runtime.db,
    executor: createCliExecutor(session.writeApi, settings.workspace, tenant),
    workerId: `cli:${io.processTag}:${randomBytes(4).toString("hex")}`,
    clock: io.clock,
    leaseMs: CLI_LEASE_MS,
    pollMs: POLL_MS,
    maxInFlight: settings.concurrency,
    concurrencyFor: (clientKey) => Promise.resolve(clientKey === tenant ? settings.concurrency : 0),
  });
  const progress = createProgress(io.stderr, io.clock, `job ${jobId.slice(0, 8)}`);

  // An object, so the loop re-reads the flag the Ctrl-C handler sets between awaits.
  const stop = { requested: false };
  let wake: (() => void) | undefined;
  const removeInterrupt = io.onInterrupt(() => {
    stop.requested = true;
    io.stderr.write("\n");
    writeLine(io.stderr, "Stopping after the calls in flight… (Ctrl-C again to quit at once)");
    wake?.();
  });

  worker.start();
  try {
    for (;;) {
      const job = await runtime.jobs.getJob(tenant, jobId, { items: "none" });
      if (!job) throw new Error(`Job ${jobId} disappeared from the database`);
      if (isFinished(job.state) || stop.requested) break;
      progress.update(job);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        wake = () => { clearTimeout(timer); resolve(); };
      });
    }
  } finally {
    await worker.stop();
    removeInterrupt();
  }
  const job = await runtime.jobs.getJob(tenant, jobId, { items: "failed" });
  if (!job) throw new Error(`Job ${jobId} disappeared from the database`);
  progress.finish(job);
  return { job, interrupted: stop.requested && !isFinished(job.state) };
}
