import type { Level } from "./levels";
import type { PlanScope, RequestedPermission } from "./plan-request";
import type { Principal } from "./principal";
import type { RepositoryPatterns } from "./repository-filter";
import type { RepositoryRef } from "./snapshot";

export type PlanAction = "grant" | "change" | "revoke";

/**
 * One permission operation: a PUT to `after`, or a DELETE when `after` is `none`. Idempotent, so a job can repeat it
 * after a crash; `before` is what undo restores.
 */
export interface PlanItem {
  readonly target: "project" | "repository";
  /** `null` for the project's own grant. */
  readonly repository: RepositoryRef | null;
  readonly before: Level;
  readonly after: Level;
  readonly action: PlanAction;
}

export type PlanWarningCode =
  /** A requested level will not take effect on some repositories because a higher grant stays. */
  | "LOWER_LEVEL_OVERRIDDEN"
  /** A revoke after which group membership, the workspace role or another grant still gives access. */
  | "REVOKE_LEAVES_ACCESS"
  /** The user is not a workspace member: every grant would answer 400. */
  | "NOT_A_MEMBER"
  /** The user is a workspace owner: Bitbucket refuses grants for them, and they are admin everywhere anyway. */
  | "WORKSPACE_OWNER"
  /** The group slug is not in the workspace's group list: every grant would answer 404. */
  | "UNKNOWN_GROUP"
  /** The group list could not be read, so the slug is unchecked. */
  | "GROUPS_UNVERIFIED"
  /** The group list could not be read, so access a user inherits through groups is not shown. */
  | "GROUP_MEMBERSHIP_UNKNOWN"
  /** Many per-repository grants where one project grant would give the same access. */
  | "PROJECT_GRANT_WOULD_DO"
  /** `create-repo` also lets the principal create repositories, and means `write` on every repository. */
  | "PROJECT_GRANT_CREATE_REPO"
  /** The repository patterns match no repository of the project. */
  | "NO_MATCHING_REPOSITORIES"
  /** The plan needs more calls than one hour's budget: it will run for more than an hour. */
  | "EXCEEDS_HOURLY_BUDGET";

export interface PlanWarning {
  readonly code: PlanWarningCode;
  /** Plain words naming the reason, for the page as is. */
  readonly message: string;
  readonly repositories?: readonly RepositoryRef[];
}

export interface PlanSummary { readonly grant: number; readonly change: number; readonly revoke: number; readonly noop: number }

export interface PlanEstimate { readonly apiCalls: number; readonly seconds: number }

/** The preview an admin approves; applying it executes exactly `items`. */
export interface Plan {
  readonly projectKey: string;
  readonly principal: Principal;
  readonly permission: RequestedPermission;
  readonly scope: PlanScope;
  readonly repositories?: RepositoryPatterns;
  readonly alsoForNewRepositories: boolean;
  /** How many of the project's repositories the patterns matched (0 for scope "project"). */
  readonly matchedRepositories: number;
  /** The snapshot the plan was computed from; a newer snapshot may make it stale. */
  readonly snapshotAsOfMs: number;
  readonly items: readonly PlanItem[];
  readonly summary: PlanSummary;
  readonly warnings: readonly PlanWarning[];
  readonly estimate: PlanEstimate;
}

/** The action that takes `before` to `after`; only meaningful when they differ. */
export const planAction = (before: Level, after: Level): PlanAction => (before === "none" ? "grant" : after === "none" ? "revoke" : "change");
