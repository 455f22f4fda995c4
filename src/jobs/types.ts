import type { Level } from "../access/levels";
import type { Principal } from "../access/principal";

/** Why a job exists: applying a plan, undoing or retrying another job, or a saved rule meeting a new repository. */
export const JOB_KINDS = ["apply", "undo", "retry", "rule"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export type JobState = "queued" | "running" | "succeeded" | "failed" | "cancelled";
export type ItemState = "pending" | "running" | "done" | "failed" | "cancelled";
/** Job states no item will change any more. */
export const FINISHED_JOB_STATES: readonly JobState[] = ["succeeded", "failed", "cancelled"];

export type Target = "project" | "repository";
export interface RepositoryRef { readonly slug: string; readonly uuid: string }

/** One idempotent permission operation: set `principal` on `target` to `after` (a PUT, or a DELETE for `none`). */
export interface JobItemInput {
  readonly target: Target;
  readonly repository: RepositoryRef | null;
  readonly principal: Principal;
  readonly before: Level;
  readonly after: Level;
}

export interface NewJob {
  readonly kind: JobKind;
  readonly projectKey: string;
  readonly items: readonly JobItemInput[];
  /** The acting Bitbucket user (uuid or account id); the audit log names them. */
  readonly createdBy: string;
  readonly createdByName?: string | null;
  readonly planId?: string | null;
  readonly parentJobId?: string | null;
  /** The bucket the writes are counted in (`user:<email>`), for the ETA. */
  readonly budgetKey?: string | null;
  /** What the job is about, for job lists: the plan's principal and requested level (null when mixed). */
  readonly principal?: Principal | null;
  readonly permission?: Level | null;
}

/** The acting Bitbucket user. */
export interface Actor { readonly id: string; readonly name?: string }

export interface ItemError { readonly code: string; readonly message: string }

export interface JobItemView extends JobItemInput {
  readonly state: ItemState;
  readonly error?: ItemError;
}

/** The API shape of a job without its items (what `GET /api/jobs` lists). */
export interface JobSummary {
  readonly id: string;
  readonly kind: JobKind;
  readonly state: JobState;
  readonly projectKey: string;
  readonly total: number;
  readonly pending: number;
  readonly running: number;
  readonly done: number;
  readonly failed: number;
  readonly cancelled: number;
  /** null once finished. */
  readonly etaSeconds: number | null;
  readonly createdBy: Actor;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly planId: string | null;
  /** The job an `undo` or `retry` job works from. */
  readonly sourceJobId: string | null;
  readonly principal: Principal | null;
  readonly permission: Level | null;
  readonly cancelRequested: boolean;
  /** Why the job stopped early (a rejected write credential), if it did. */
  readonly stopReason: ItemError | null;
}

/** The API shape of `GET /api/jobs/{id}`. */
export interface JobView extends JobSummary {
  readonly items: readonly JobItemView[];
}
