import { asRepositoryLevel, levelRank } from "./levels";
import { inheritedAccess, ownSources, type AccessSource } from "./effective-access";
import type { PlanWarning } from "./plan";
import { ownGrantsAfter, type PlanContext } from "./plan-context";
import { repositoryRef, type RepositoryRef } from "./snapshot";
import { repositoriesWord, slugList, sourceLabel, who } from "./plan-wording";

interface Override { readonly sources: AccessSource[]; readonly repositories: RepositoryRef[] }

/**
 * Bitbucket gives the highest level from any source (bitbucket-platform.md §1.4), so a requested level below what
 * another source gives has no effect there. For every repository the request is about, this compares the requested
 * level with what the principal will still have once the plan has run, and names the sources that stay higher.
 * Covered: every repository for scopes "project" and "both" (a project grant applies to all), the matched ones for "repositories".
 *
 * One warning for the sources that are higher on every covered repository (the workspace role, groups' project grants),
 * then one per repository-level reason (a repository grant of its own or of a group), each listing where it applies:
 * with dozens of groups that keeps the list short, and each warning names one thing the admin can act on.
 */
export const overrideWarnings = (context: PlanContext): PlanWarning[] => {
  const { index, principal, request } = context;
  const requested = asRepositoryLevel(request.permission);
  const covered = request.scope === "repositories" ? context.matched : index.snapshot.repositories;
  const isHigher = (source: AccessSource): boolean => levelRank(source.level) > levelRank(requested);
  const inherited = inheritedAccess(index, principal);
  const higherEverywhere = inherited.everywhere.filter(isHigher);
  const everywhere: Override = { sources: higherEverywhere, repositories: [] };
  const byReason = new Map<string, Override>();
  for (const repository of covered) {
    const ref = repositoryRef(repository);
    if (higherEverywhere.length > 0) everywhere.repositories.push(ref);
    const onRepository = [...ownSources(ownGrantsAfter(context, repository.uuid)), ...(inherited.byRepository.get(repository.uuid) ?? [])];
    for (const source of onRepository) {
      if (!isHigher(source)) continue;
      const label = sourceLabel(source);
      const existing = byReason.get(label);
      if (existing) existing.repositories.push(ref);
      else byReason.set(label, { sources: [source], repositories: [ref] });
    }
  }
  const overrides = [everywhere, ...byReason.values()].filter((override) => override.repositories.length > 0);
  const warnings = overrides.map((override) => overrideWarning(context, override));
  if (warnings.length === 0 && context.includesProject) warnings.push(...projectOverride(context));
  return warnings;
};

const reasonsOf = (sources: readonly AccessSource[]): string => sources.map(sourceLabel).join(", ");

const overrideWarning = (context: PlanContext, { sources, repositories }: Override): PlanWarning => {
  const name = who(context.principal);
  const where = `${repositoriesWord(repositories.length)} (${slugList(repositories)})`;
  const hints = hintsFor(context, sources);
  if (context.request.permission === "none") {
    return { code: "REVOKE_LEAVES_ACCESS", message: `${name} keeps access to ${where} after this revoke, through ${reasonsOf(sources)}.${hints}`, repositories };
  }
  return {
    code: "LOWER_LEVEL_OVERRIDDEN",
    message:
      `${context.request.permission} will not take effect for ${name} on ${where} because a higher grant stays: ${reasonsOf(sources)}. ` +
      `Bitbucket gives the highest level from any source, so a lower grant cannot take access away.${hints}`,
    repositories,
  };
};

/** What to do instead, for each kind of source that keeps access. */
const hintsFor = (context: PlanContext, sources: readonly AccessSource[]): string => {
  const verb = context.request.permission === "none" ? "removes" : "sets";
  const hints: string[] = [];
  const own = sources.filter((source) => source.kind !== "workspace-admin" && source.group === undefined);
  if (own.some((source) => source.kind === "repository-grant") && context.request.scope === "project") hints.push(`Scope "both" also ${verb} its repository grants.`);
  if (own.some((source) => source.kind === "project-grant") && context.request.scope === "repositories") hints.push(`Scope "both" also ${verb} its project grant.`);
  if (sources.some((source) => source.kind !== "workspace-admin" && source.group !== undefined)) hints.push("Group membership is managed in the workspace settings.");
  if (sources.some((source) => source.kind === "workspace-admin")) hints.push("Workspace admins have admin on every repository.");
  return hints.length === 0 ? "" : ` ${hints.join(" ")}`;
};

/**
 * At project level only: a group's `create-repo` or the workspace admin role may exceed the requested project grant
 * even when no repository shows it (an empty project, or `create-repo` against `write`, equal on repositories).
 */
const projectOverride = (context: PlanContext): PlanWarning[] => {
  const { index, principal, request } = context;
  // Compared in project terms (grantLevel), where create-repo is above write.
  const higher = inheritedAccess(index, principal).everywhere.filter(
    (source) => levelRank(source.kind === "project-grant" ? source.grantLevel : source.level) > levelRank(request.permission),
  );
  if (higher.length === 0) return [];
  const name = who(principal);
  const project = index.snapshot.project.key;
  return request.permission === "none"
    ? [{ code: "REVOKE_LEAVES_ACCESS", message: `${name} keeps access to project ${project} after this revoke, through ${reasonsOf(higher)}.${hintsFor(context, higher)}` }]
    : [{ code: "LOWER_LEVEL_OVERRIDDEN", message: `${request.permission} will not take effect for ${name} on project ${project}: ${reasonsOf(higher)} stays higher.${hintsFor(context, higher)}` }];
};
