import type { Job, JobState } from "../../shared/api-contract";
import { count } from "../common/format";

export const FINISHED_STATES: readonly JobState[] = ["succeeded", "failed", "cancelled"];
export const isFinished = (job: Pick<Job, "state">): boolean => FINISHED_STATES.includes(job.state);

/** The figures under the progress bar. */
export const jobProgress = (job: Pick<Job, "total" | "done" | "failed" | "cancelled">) => {
  const settled = job.done + job.failed + job.cancelled;
  const remaining = Math.max(0, job.total - settled);
  const fraction = job.total === 0 ? 1 : Math.min(1, settled / job.total);
  return { settled, remaining, fraction, percent: Math.floor(fraction * 100) };
};

/** The job's state in one sentence. */
export const jobStateText = (job: Pick<Job, "state" | "total" | "done" | "failed" | "cancelled">): string => {
  const { remaining } = jobProgress(job);
  switch (job.state) {
    case "queued": return `Waiting to start (${count(job.total, "change")}).`;
    case "running": return `${count(job.done, "change")} made, ${job.failed.toLocaleString("en-US")} failed, ${remaining.toLocaleString("en-US")} to go.`;
    case "succeeded": return `Done: all ${count(job.done, "change")} made.`;
    case "failed": return `Finished with failures: ${job.done.toLocaleString("en-US")} made, ${count(job.failed, "change")} failed${job.cancelled ? `, ${job.cancelled.toLocaleString("en-US")} cancelled` : ""}.`;
    case "cancelled": return `Cancelled: ${job.done.toLocaleString("en-US")} made before cancelling, ${job.cancelled.toLocaleString("en-US")} not made.`;
  }
};
