import {
  accessSummaries, asRepositoryLevel, principalRepositoryAccess, type AccessSnapshot, type Plan as EnginePlan, type Principal as EnginePrincipal,
  type AccessSource as EngineAccessSource,
} from "../../access";
import type { AuditEntry as EngineAuditEntry, JobItemView, JobSummary as EngineJobSummary, JobView, StoredPlan } from "../../jobs";
import type {
  AccessSource, AuditEntry, Job, JobItem, JobSummary, Plan, PlanWarning, PlanWarningCode, Principal, PrincipalAccessResponse,
  ProjectAccessResponse, Repository,
} from "../../shared/api-contract";

/**
 * The engine's shapes in the REST contract's (src/shared/api-contract.ts), in one place: users are `id` there and `uuid` in
 * the engine, item errors are plain words there and `{code, message}` in the store, times are ISO strings.
 */

export const toPrincipal = (p: EnginePrincipal): Principal =>
  p.type === "user" ? { type: "user", id: p.uuid, name: p.name ?? p.uuid } : { type: "group", slug: p.slug, name: p.name ?? p.slug };

/** The planner's warning codes where the contract names the same thing differently; the rest pass through. */
const WARNING_CODES: Record<string, PlanWarningCode> = {
  LOWER_LEVEL_OVERRIDDEN: "LOWER_LEVEL_NO_EFFECT",
  PROJECT_GRANT_WOULD_DO: "USE_PROJECT_GRANT",
  GROUPS_UNVERIFIED: "GROUPS_UNAVAILABLE",
  GROUP_MEMBERSHIP_UNKNOWN: "GROUPS_UNAVAILABLE",
};

const patterns = (p: { readonly include?: readonly string[] | undefined; readonly exclude?: readonly string[] | undefined }) => ({
  ...(p.include ? { include: [...p.include] } : {}),
  ...(p.exclude ? { exclude: [...p.exclude] } : {}),
});

export function toPlan(stored: StoredPlan<EnginePlan>): Plan {
  const { plan } = stored;
  const warnings: PlanWarning[] = plan.warnings.map((w) => ({ code: WARNING_CODES[w.code] ?? (w.code as PlanWarningCode), message: w.message }));
  return {
    id: stored.id,
    projectKey: plan.projectKey,
    principal: toPrincipal(plan.principal),
    permission: plan.permission,
    scope: plan.scope,
    ...(plan.repositories ? { repositories: patterns(plan.repositories) } : {}),
    alsoForNewRepositories: plan.alsoForNewRepositories,
    items: plan.items.map((i) => ({ target: i.target, repository: i.repository && { slug: i.repository.slug, uuid: i.repository.uuid }, before: i.before, after: i.after, action: i.action })),
    summary: { ...plan.summary },
    warnings,
    estimate: { ...plan.estimate },
  };
}

const toItem = (i: JobItemView): JobItem => ({
  target: i.target,
  repository: i.repository && { slug: i.repository.slug, uuid: i.repository.uuid },
  principal: toPrincipal(i.principal),
  before: i.before,
  after: i.after,
  // A leased item is still on its way; the contract does not tell "running" from "pending".
  state: i.state === "running" ? "pending" : i.state,
  ...(i.error ? { error: i.error.message } : {}),
});

const summaryFields = (j: EngineJobSummary) => ({
  id: j.id, kind: j.kind, state: j.state, projectKey: j.projectKey, total: j.total, done: j.done, failed: j.failed, cancelled: j.cancelled,
  etaSeconds: j.etaSeconds, createdBy: j.createdBy.name === undefined ? { id: j.createdBy.id } : { id: j.createdBy.id, name: j.createdBy.name },
  createdAt: j.createdAt, finishedAt: j.finishedAt,
});

export const toJob = (j: JobView): Job => ({ ...summaryFields(j), items: j.items.map(toItem) });

export const toJobSummary = (j: EngineJobSummary): JobSummary => ({
  ...summaryFields(j), principal: j.principal && toPrincipal(j.principal), permission: j.permission, sourceJobId: j.sourceJobId,
});

export const toAuditEntry = (e: EngineAuditEntry, workspace: string): AuditEntry => ({
  id: String(e.id),
  at: e.at,
  actor: e.actor.name === null ? { id: e.actor.id } : { id: e.actor.id, name: e.actor.name },
  workspace,
  projectKey: e.projectKey,
  target: e.target,
  repository: e.repository && { slug: e.repository.slug, uuid: e.repository.uuid },
  principal: toPrincipal(e.principal),
  before: e.before,
  after: e.after,
  jobId: e.jobId,
  result: e.result,
  ...(e.error ? { error: e.error.message } : {}),
});

const toSource = (s: EngineAccessSource): AccessSource => {
  if (s.kind === "workspace-admin") return { kind: "workspace-admin", level: "admin" };
  const group = s.group && { slug: s.group.slug, name: s.group.name };
  if (s.kind === "project-grant") return { kind: "project-grant", level: s.grantLevel, ...(group ? { group } : {}) };
  return { kind: "repository-grant", level: s.level, ...(group ? { group } : {}) };
};

/** The overview of `GET /api/projects/{key}/access`. */
export function toAccess(snapshot: AccessSnapshot): ProjectAccessResponse {
  return {
    project: { ...snapshot.project },
    asOf: new Date(snapshot.asOfMs).toISOString(),
    principals: accessSummaries(snapshot).map((s) => ({
      principal: toPrincipal(s.principal),
      projectPermission: s.projectLevel,
      repositories: { ...s.repositoryGrants },
      highestLevel: asRepositoryLevel(s.highestLevel),
      workspaceAdmin: s.workspaceAdmin,
    })),
    repositories: snapshot.repositories.map((r): Repository => ({ slug: r.slug, uuid: r.uuid, name: r.name })),
    ...(snapshot.groupsUnavailable ? { groupsUnavailable: { reason: snapshot.groupsUnavailable.reason } } : {}),
  };
}

/** With `?principal=`: the overview narrowed to that principal plus its access to every repository, and why. */
export function toPrincipalAccess(snapshot: AccessSnapshot, principal: EnginePrincipal): PrincipalAccessResponse {
  const overview = toAccess(snapshot);
  const key = principal.type === "user" ? `user:${principal.uuid}` : `group:${principal.slug}`;
  const own = overview.principals.filter((p) => (p.principal.type === "user" ? `user:${p.principal.id}` : `group:${p.principal.slug}`) === key);
  const names = new Map(snapshot.repositories.map((r) => [r.uuid, r.name]));
  const detail = principalRepositoryAccess(snapshot, principal).map((a) => ({
    repository: { slug: a.repository.slug, uuid: a.repository.uuid, name: names.get(a.repository.uuid) ?? a.repository.slug },
    level: a.level,
    sources: a.sources.map(toSource),
  }));
  const principals = own.length > 0 ? own : [{
    principal: toPrincipal(principal), projectPermission: "none" as const, repositories: { read: 0, write: 0, admin: 0 },
    highestLevel: "none" as const, workspaceAdmin: false,
  }];
  return { ...overview, principals, detail };
}
