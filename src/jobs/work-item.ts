import type { JobItemInput, JobKind } from "./types";

/** An item a worker holds a lease on, as the executor receives it. */
export interface WorkItem extends JobItemInput {
  readonly id: number;
  readonly jobId: string;
  readonly clientKey: string;
  readonly seq: number;
  /** Including this one. */
  readonly attempts: number;
  /** Counted retryable failures so far. */
  readonly retries: number;
  readonly leaseExpiresMs: number;
}

/** The job an item belongs to: what the executor needs to pick the credential and name the project. */
export interface WorkJob {
  readonly id: string;
  readonly clientKey: string;
  readonly projectKey: string;
  readonly kind: JobKind;
  readonly createdBy: string;
  readonly budgetKey: string | null;
}

export interface ClaimedItem {
  readonly item: WorkItem;
  readonly job: WorkJob;
}
