import {
  accessSummaries, principalRepositoryAccess, readProjectSnapshot, type AccessSnapshot, type AccessSource, type Principal,
  type PrincipalAccessSummary,
} from "../../access";
import { csvCell } from "../../jobs/audit-csv";
import { stringOption } from "../args";
import { emit, sessionOf, type Command, type CommandContext } from "../context";
import { CliFailure, EXIT } from "../errors";
import { table, who } from "../format";
import { principalFlag } from "../plan-flags";

const UUID = /^\{?([0-9a-fA-F-]{36})\}?$/;

/** The principal a `--principal` flag names in this snapshot; a user may be given by {uuid} or account id. */
function findPrincipal(snapshot: AccessSnapshot, value: string): Principal {
  const flag = principalFlag(value);
  if (flag.type === "group") return { type: "group", slug: flag.slug };
  const uuid = UUID.exec(flag.id)?.[1];
  if (uuid !== undefined) return { type: "user", uuid: `{${uuid.toLowerCase()}}` };
  const member = [...snapshot.members, ...snapshot.workspaceAdmins].find((u) => u.accountId === flag.id);
  if (!member) throw new CliFailure(`No member of workspace ${snapshot.workspace.slug} has the account id ${flag.id}`);
  return { type: "user", uuid: member.uuid };
}

const why = (s: PrincipalAccessSummary): string => {
  const parts: string[] = [];
  if (s.workspaceAdmin) parts.push("workspace admin");
  if (s.projectLevel !== "none") parts.push(`project grant ${s.projectLevel}`);
  const repos = (["admin", "write", "read"] as const).filter((l) => s.repositoryGrants[l] > 0).map((l) => `${s.repositoryGrants[l]} ${l}`);
  if (repos.length > 0) parts.push(`repository grants: ${repos.join(", ")}`);
  if (s.viaGroups.length > 0) parts.push(`via group${s.viaGroups.length === 1 ? "" : "s"} ${s.viaGroups.join(", ")}`);
  return parts.join("; ");
};

const source = (s: AccessSource): string => {
  const via = s.kind !== "workspace-admin" && s.group ? ` via group ${s.group.slug}` : "";
  return s.kind === "workspace-admin" ? "workspace admin"
    : s.kind === "project-grant" ? `project grant ${s.grantLevel}${via}` : `repository grant ${s.level}${via}`;
};

const summaryCsv = (summaries: readonly PrincipalAccessSummary[]): string => {
  const header = ["principal_type", "principal", "principal_name", "project_level", "repo_read", "repo_write", "repo_admin", "highest_level", "workspace_admin", "via_groups"];
  const lines = summaries.map((s) => [
    s.principal.type, s.principal.type === "user" ? s.principal.uuid : s.principal.slug, s.principal.name ?? null, s.projectLevel,
    s.repositoryGrants.read, s.repositoryGrants.write, s.repositoryGrants.admin, s.highestLevel, String(s.workspaceAdmin), s.viaGroups.join(" "),
  ].map(csvCell).join(","));
  return [header.join(","), ...lines].join("\r\n");
};

function printOne(ctx: CommandContext, snapshot: AccessSnapshot, value: string): void {
  const principal = findPrincipal(snapshot, value);
  const access = principalRepositoryAccess(snapshot, principal);
  const base = { workspace: snapshot.workspace.slug, project: snapshot.project, asOf: new Date(snapshot.asOfMs).toISOString() };
  if (ctx.runtime.settings.format === "csv") {
    const lines = access.map((a) => [a.repository.slug, a.repository.uuid, a.level, a.sources.map(source).join("; ")].map(csvCell).join(","));
    ctx.io.stdout.write(`${["repository,repository_uuid,level,sources", ...lines].join("\r\n")}\r\n`);
    return;
  }
  emit(ctx, { ...base, principal, repositories: access }, () =>
    [`Access of ${who(principal)} to project ${snapshot.project.key}, as of ${base.asOf}`, "",
      table(["REPOSITORY", "LEVEL", "WHY"], access.map((a) => [a.repository.slug, a.level, a.sources.map(source).join("; ") || "-"]))].join("\n"));
}

/** `access PROJECT`: who has access to the project and why, as the Access page shows it. */
export const accessCommand: Command = async (ctx) => {
  const { settings, io } = ctx.runtime;
  const projectKey = ctx.positionals[0] ?? "";
  const snapshot = await readProjectSnapshot((await sessionOf(ctx)).api, { workspace: settings.workspace, projectKey }, io.clock, { concurrency: settings.concurrency });
  const principal = stringOption(ctx.values, "principal");
  if (principal !== undefined) {
    printOne(ctx, snapshot, principal);
    return EXIT.ok;
  }
  const summaries = accessSummaries(snapshot);
  if (settings.format === "csv") {
    io.stdout.write(`${summaryCsv(summaries)}\r\n`);
    return EXIT.ok;
  }
  const asOf = new Date(snapshot.asOfMs).toISOString();
  emit(ctx, {
    workspace: snapshot.workspace.slug, project: snapshot.project, asOf, repositories: snapshot.repositories.length, principals: summaries,
    ...(snapshot.groupsUnavailable ? { groupsUnavailable: snapshot.groupsUnavailable } : {}),
  }, () => [
    `Project ${snapshot.project.key} (${snapshot.project.name}): ${snapshot.repositories.length} repositories, as of ${asOf}`,
    ...(snapshot.groupsUnavailable ? [`Note: ${snapshot.groupsUnavailable.reason}; access through groups is not shown.`] : []),
    "",
    table(["PRINCIPAL", "HIGHEST", "WHY"], summaries.map((s) => [who(s.principal), s.highestLevel, why(s)])),
  ].join("\n"));
  return EXIT.ok;
};
