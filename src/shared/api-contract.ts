/**
 * The REST API under `/api`: every request and response body, shared by the server (src/http) and the pages (src/web).
 * Plain types and a few pure helpers only: no React, DOM or Node imports, so both sides can import it.
 *
 * Conventions: JSON bodies; `Authorization: JWT <ACE session token>` on every request, and a fresh token in each
 * response's `X-acpt` header; times are ISO-8601 strings in UTC; lists are `{ values: [...] }`.
 * Errors are `ApiErrorBody` with the matching status (see `ErrorCode`).
 * @see issue 4, "The REST API"
 */

import type { ApiErrorBody, ErrorCode as BaseErrorCode } from "./api-types";

// ---------------------------------------------------------------- vocabulary

/** Access levels, lowest first; `none` means "no grant". `create-repo` exists on projects only. */
export type Level = "none" | "read" | "write" | "create-repo" | "admin";
/** What a repository grant or a repository's effective access can be. */
export type RepositoryLevel = Exclude<Level, "create-repo">;

/** How a request names a principal. Users by `{uuid}` (or Atlassian account id), groups by their workspace slug. */
export type PrincipalRef = { type: "user"; id: string } | { type: "group"; slug: string };
/** How a response names a principal: the reference plus a display name. */
export type Principal = PrincipalRef & { name: string };

/** `{slug, uuid}`: how plans, jobs and the audit log name a repository (the uuid is stable across renames). */
export interface RepositoryRef { slug: string; uuid: string }
export interface Repository extends RepositoryRef { name: string }

export interface Project { key: string; name: string; uuid: string }

/** The acting Bitbucket user (the session token's `sub`), with a name when the app knows it. */
export interface Actor { id: string; name?: string }

// ---------------------------------------------------------------- errors

/**
 * Error codes and their HTTP status: the codes of `./api-types` (the server's error middleware) plus the ones the
 * access engine answers. Clients must tolerate codes they do not know (treat them by status).
 * - 400 `VALIDATION_FAILED` (details: `ValidationDetails`), `CREDENTIAL_REJECTED` (PUT credential: Bitbucket refused it)
 * - 401 `UNAUTHENTICATED` (missing, invalid or expired session token: reload the page)
 * - 403 `NOT_AN_ADMIN` (the caller administers neither the workspace nor the project), `CREDENTIAL_NOT_ADMIN`
 *   (PUT credential: the account does not administer the workspace)
 * - 404 `NOT_FOUND` (also for another workspace's ids)
 * - 409 `CREDENTIAL_REQUIRED` (apply/retry/undo without a write credential), `JOB_NOT_FINISHED` (undo/retry of a running job),
 *   `NOTHING_TO_RETRY` (retry of a job without failed items), `NOTHING_TO_UNDO` (undo of a job that changed nothing),
 *   `PLAN_STALE` (the snapshot changed since the plan was made; preview again), `SNAPSHOT_READING` (a plan needs the
 *   project's access, whose first read is still running; details: `SnapshotReadingDetails`)
 * - 413 `PAYLOAD_TOO_LARGE` (bodies over 100 kB)
 * - 429 `RATE_LIMITED` (the app throttles the caller; details: `RetryDetails`)
 * - 502/503 `BITBUCKET_UNAVAILABLE` (Bitbucket failed or timed out), `BITBUCKET_RATE_LIMITED` (Bitbucket's or the
 *   app's hourly call budget is spent; details: `RetryDetails`)
 * - 500 `INTERNAL`
 */
export type ErrorCode =
  | BaseErrorCode
  | "CREDENTIAL_REJECTED" | "CREDENTIAL_NOT_ADMIN" | "JOB_NOT_FINISHED" | "NOTHING_TO_RETRY" | "NOTHING_TO_UNDO" | "PLAN_STALE"
  | "RATE_LIMITED" | "BITBUCKET_RATE_LIMITED" | "SNAPSHOT_READING";

/** Every error answer: `{"error": {"code", "message", "details"?}, "traceId"}` (see `./api-types`). */
export type { ApiErrorBody };
/** `details` of a 400 `VALIDATION_FAILED`: one entry per bad field, `path` like `"repositories.include.0"`. */
export interface ValidationDetails { fields: { path: string; message: string }[] }
/** `details` of a 429 or a budget error: when trying again makes sense. */
export interface RetryDetails { retryAt: string }
/** `details` of a 409 `SNAPSHOT_READING`. */
export interface SnapshotReadingDetails { progress: ReadProgress; retryAfterSeconds: number }

// ---------------------------------------------------------------- projects and access

/** `GET /api/projects` */
export interface ProjectsResponse { values: Project[] }

/** Where a principal's access to a repository comes from ("why"). `group` is set when it is inherited through membership. */
export type AccessSource =
  | { kind: "project-grant"; level: Exclude<Level, "none">; group?: { slug: string; name: string } }
  | { kind: "repository-grant"; level: Exclude<RepositoryLevel, "none">; group?: { slug: string; name: string } }
  | { kind: "workspace-admin"; level: "admin" };

/** One principal's row in the overview. */
export interface PrincipalAccess {
  principal: Principal;
  /** The principal's explicit project grant (`none` when there is none). */
  projectPermission: Level;
  /** How many repositories grant the principal each level explicitly. */
  repositories: { read: number; write: number; admin: number };
  /** The highest effective level on any repository of the project, from any source. */
  highestLevel: RepositoryLevel;
  /** True when the principal is a workspace admin (admin everywhere, whatever the grants say). */
  workspaceAdmin: boolean;
}

/** One repository's line in a principal's drill-down. */
export interface RepositoryAccess { repository: Repository; level: RepositoryLevel; sources: AccessSource[] }

/** `GET /api/projects/{key}/access` (query: `AccessQuery`) */
export interface ProjectAccessResponse {
  project: Project;
  /** When the snapshot was read from Bitbucket. */
  asOf: string;
  principals: PrincipalAccess[];
  repositories: Repository[];
  /** Set when Bitbucket's group list could not be read: group-inherited access is then unknown, not absent. */
  groupsUnavailable?: { reason: string };
  /** Set while a newer read runs in the background (the snapshot is stale or a refresh was asked for). */
  refreshing?: ReadProgress;
}

/** How far a background read of the project has got: repositories read of `total` (0 until the list is read). */
export interface ReadProgress { done: number; total: number }

/**
 * 202 answer of `GET /api/projects/{key}/access` while the project's first read runs in the background (big projects take
 * longer than the call budget allows at once). Ask again after `retryAfterSeconds`.
 */
export interface AccessReadingResponse {
  state: "reading";
  progress: ReadProgress;
  retryAfterSeconds: number;
}

/** With `?principal=`: `principals` holds that one principal, and `detail` its access to every repository. */
export interface PrincipalAccessResponse extends ProjectAccessResponse { detail: RepositoryAccess[] }

/** Query of `GET /api/projects/{key}/access`. `refresh=true` reads Bitbucket again before answering. */
export interface AccessQuery { principal?: string; refresh?: boolean }

/** The `principal=` query value (access and audit): `user:<id>` or `group:<slug>`. */
export const principalParam = (p: PrincipalRef): string => (p.type === "user" ? `user:${p.id}` : `group:${p.slug}`);

/** Parses a `principal=` query value; `undefined` when it is malformed. */
export const parsePrincipalParam = (value: string): PrincipalRef | undefined => {
  const match = /^(user|group):(.+)$/.exec(value);
  if (!match?.[2]) return undefined;
  return match[1] === "user" ? { type: "user", id: match[2] } : { type: "group", slug: match[2] };
};

/** `GET /api/principals?query=` → workspace members and groups matching the query, for a picker. */
export interface PrincipalsResponse {
  values: Principal[];
  /** Set when the group list could not be read; `values` then holds users only. */
  groupsUnavailable?: { reason: string };
}

// ---------------------------------------------------------------- plans

export type PlanScope = "project" | "repositories" | "both";

/** `POST /api/projects/{key}/plans` */
export interface CreatePlanRequest {
  principal: PrincipalRef;
  permission: Level;
  scope: PlanScope;
  /** Glob patterns on repository slugs; no `include` means every repository. Ignored for `scope: "project"`. */
  repositories?: { include?: string[]; exclude?: string[] };
  /** Keep the repository grant as a rule of the project, applied to repositories created later. */
  alsoForNewRepositories?: boolean;
}

export type PlanAction = "grant" | "change" | "revoke";
export interface PlanItem {
  target: "project" | "repository";
  /** `null` for the project's own grant. */
  repository: RepositoryRef | null;
  before: Level;
  after: Level;
  action: PlanAction;
}

/**
 * Warning codes (the message is the plain-words text to show). Clients must tolerate unknown codes.
 * `LOWER_LEVEL_NO_EFFECT`: a higher grant (project, group or workspace admin) stays, so the lower level will not take effect.
 * `USE_PROJECT_GRANT`: a large fan-out where one project-level grant would do the same in one call.
 * `REVOKE_LEAVES_ACCESS`: after a revoke, a group, the workspace role or another grant still gives access.
 * `PROJECT_GRANT_CREATE_REPO`: `create-repo` also lets the principal create repositories (and means write everywhere).
 * `NO_MATCHING_REPOSITORIES`: the patterns match no repository. `EXCEEDS_HOURLY_BUDGET`: the job will run over an hour.
 */
export type PlanWarningCode =
  | "LOWER_LEVEL_NO_EFFECT" | "NOT_A_MEMBER" | "WORKSPACE_OWNER" | "UNKNOWN_GROUP" | "USE_PROJECT_GRANT" | "GROUPS_UNAVAILABLE"
  | "REVOKE_LEAVES_ACCESS" | "PROJECT_GRANT_CREATE_REPO" | "NO_MATCHING_REPOSITORIES" | "EXCEEDS_HOURLY_BUDGET";
export interface PlanWarning { code: PlanWarningCode; message: string }

export interface PlanSummary { grant: number; change: number; revoke: number; noop: number }

/** 201 answer of `POST /api/projects/{key}/plans` */
export interface Plan {
  id: string;
  projectKey: string;
  principal: Principal;
  permission: Level;
  scope: PlanScope;
  /** The patterns of the request, echoed (absent when every repository is meant). */
  repositories?: { include?: string[]; exclude?: string[] };
  alsoForNewRepositories: boolean;
  items: PlanItem[];
  summary: PlanSummary;
  warnings: PlanWarning[];
  /** Calls the plan will make and the time they take under the current hourly budget and concurrency. */
  estimate: { apiCalls: number; seconds: number };
}

// ---------------------------------------------------------------- jobs

/** 202 answer of apply, retry and undo. */
export interface JobStarted { jobId: string }

export type JobKind = "apply" | "undo" | "retry" | "rule";
export type JobState = "queued" | "running" | "succeeded" | "failed" | "cancelled";
export type JobItemState = "pending" | "done" | "failed" | "cancelled";

export interface JobItem {
  target: "project" | "repository";
  repository: RepositoryRef | null;
  principal: Principal;
  before: Level;
  after: Level;
  state: JobItemState;
  /** Bitbucket's reason in plain words, for a failed item. */
  error?: string;
}

/**
 * `GET /api/jobs/{id}` (and the 200 answer of cancel). A job with any failed item ends `failed`.
 * Query `items=none|failed|all` (default `all`) lets a poller skip the item list while the job runs.
 */
export interface Job {
  id: string;
  kind: JobKind;
  state: JobState;
  projectKey: string;
  total: number;
  done: number;
  failed: number;
  cancelled: number;
  /** Estimated seconds until the job ends; `null` when finished or unknown. */
  etaSeconds: number | null;
  items: JobItem[];
  createdBy: Actor;
  createdAt: string;
  finishedAt: string | null;
}

/** One row of `GET /api/jobs?project=KEY` (newest first): a job without its items, plus what it was about. */
export interface JobSummary extends Omit<Job, "items"> {
  /** The principal and level of an `apply` or `rule` job; `null` for jobs over several (undo of mixed items). */
  principal: Principal | null;
  permission: Level | null;
  /** The job an `undo` or `retry` job works from. */
  sourceJobId: string | null;
}
export interface JobsResponse { values: JobSummary[] }

// ---------------------------------------------------------------- audit

export type AuditResult = "done" | "failed" | "cancelled";
export interface AuditEntry {
  id: string;
  at: string;
  actor: Actor;
  workspace: string;
  projectKey: string;
  target: "project" | "repository";
  repository: RepositoryRef | null;
  principal: Principal;
  before: Level;
  after: Level;
  jobId: string;
  result: AuditResult;
  error?: string;
}
/** Query of `GET /api/audit` (`since`/`until` ISO times, `principal` as `principalParam`). `format=csv` answers `text/csv`. */
export interface AuditQuery { project?: string; principal?: string; since?: string; until?: string; format?: "json" | "csv" }
export interface AuditResponse { values: AuditEntry[] }

// ---------------------------------------------------------------- settings

/** `GET /api/settings`, body of `PUT /api/settings` (answers the saved settings). Per workspace. */
export interface Settings { hourlyCallBudget: number; concurrency: number }

/** Defaults and accepted ranges (inclusive), for the server's validation and the page's form. */
export const SETTINGS_LIMITS = {
  hourlyCallBudget: { min: 1, max: 10_000, default: 900 },
  concurrency: { min: 1, max: 16, default: 4 },
} as const satisfies Record<keyof Settings, { min: number; max: number; default: number }>;

/** The Bitbucket account a write credential acts as, as validated when it was saved. */
export interface CredentialAccount {
  email: string;
  displayName: string;
  /** The account's `{uuid}`. */
  uuid: string;
  /** Whether the account administers the workspace (it must, to change permissions). */
  administersWorkspace: boolean;
  savedAt: string;
}

/** `GET /api/settings/credential`. The token itself is never returned. */
export type CredentialStatus = { configured: false } | { configured: true; account: CredentialAccount };

/** `PUT /api/settings/credential` → 204, or 400 `CREDENTIAL_REJECTED` / 403 `CREDENTIAL_NOT_ADMIN` with the reason. */
export interface PutCredentialRequest { email: string; apiToken: string }
