import { levelRank } from "./levels";
import type { PlanItem, PlanWarning } from "./plan";
import type { PlanContext } from "./plan-context";
import { who } from "./plan-wording";

/** Repository items from which on a per-repository fan-out deserves a "one project grant would do" note. */
export const FAN_OUT_THRESHOLD = 10;

const puts = (items: readonly PlanItem[]): number => items.filter((item) => item.action !== "revoke").length;

/**
 * Warnings about the principal itself, each predicting a refusal from Bitbucket (§3.1–3.3) or an uncertainty:
 * a non-member or the workspace owner (400 on a user PUT), a group the workspace does not have (404 on a group PUT),
 * or a group list that could not be read.
 */
export const principalWarnings = (context: PlanContext, items: readonly PlanItem[]): PlanWarning[] => {
  const { resolved, index } = context;
  const name = who(resolved.principal);
  const workspace = index.snapshot.workspace.slug;
  const unavailable = index.snapshot.groupsUnavailable?.reason;
  const warnings: PlanWarning[] = [];
  if ("member" in resolved) {
    if (!resolved.member && puts(items) > 0) {
      warnings.push({ code: "NOT_A_MEMBER", message: `${name} is not a member of workspace ${workspace}, so Bitbucket will refuse each grant (400). Add them to the workspace first.` });
    }
    if (resolved.workspaceAdmin && items.length > 0) {
      warnings.push({ code: "WORKSPACE_OWNER", message: `${name} is a workspace admin: they already have admin on every repository, and Bitbucket refuses permission changes for the workspace owner (400).` });
    }
    if (unavailable !== undefined) {
      warnings.push({ code: "GROUP_MEMBERSHIP_UNKNOWN", message: `The workspace's groups could not be read (${unavailable}), so any access ${name} has through a group is not counted here and may remain.` });
    }
  } else if (resolved.group === "unknown") {
    warnings.push({ code: "UNKNOWN_GROUP", message: `Workspace ${workspace} has no group with the slug "${resolved.principal.slug}", so Bitbucket will refuse each grant (404). Check the slug.` });
  } else if (resolved.group === "unverified") {
    warnings.push({ code: "GROUPS_UNVERIFIED", message: `The workspace's groups could not be read (${unavailable ?? "unknown reason"}), so the slug "${resolved.principal.slug}" is unchecked: Bitbucket refuses grants for an unknown group (404).` });
  }
  return warnings;
};

/** Warnings about the shape of the request: what it matches, and whether a cheaper plan gives the same access. */
export const scopeWarnings = (context: PlanContext, items: readonly PlanItem[]): PlanWarning[] => {
  const { request, index } = context;
  const key = index.snapshot.project.key;
  const total = index.snapshot.repositories.length;
  const name = who(context.principal);
  const warnings: PlanWarning[] = [];
  if (context.includesRepositories && context.matched.length === 0) {
    warnings.push({ code: "NO_MATCHING_REPOSITORIES", message: total === 0 ? `Project ${key} has no repositories.` : `No repository of project ${key} matches the patterns.` });
  }
  if (request.permission === "create-repo") {
    warnings.push({ code: "PROJECT_GRANT_CREATE_REPO", message: `create-repo lets ${name} create repositories in project ${key}, and means write on every repository in it, including ones created later.` });
  }
  const repositoryItems = items.filter((item) => item.target === "repository");
  const allRaise = repositoryItems.every((item) => levelRank(item.after) > levelRank(item.before));
  if (request.permission !== "none" && repositoryItems.length >= FAN_OUT_THRESHOLD && allRaise) {
    if (request.scope === "repositories" && context.matched.length === total) {
      warnings.push({
        code: "PROJECT_GRANT_WOULD_DO",
        message: `This gives ${name} ${request.permission} on each of the ${total} repositories of project ${key} with ${repositoryItems.length} calls. One project grant of ${request.permission} (scope "project") gives the same access in 1 call, and also covers repositories created later.`,
      });
    } else if (request.scope === "both") {
      warnings.push({
        code: "PROJECT_GRANT_WOULD_DO",
        message: `The project grant alone already gives ${name} ${request.permission} on every repository of project ${key}; the ${repositoryItems.length} repository grants only add explicit copies that outlast it. Scope "project" saves ${repositoryItems.length} calls.`,
      });
    }
  }
  return warnings;
};
