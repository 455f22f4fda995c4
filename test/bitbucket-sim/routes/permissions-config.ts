import { assertPermissionReader, assertPermissionWriter, requireWorkspace } from "../auth/authorize";
import type { RouteDef, SimContext, SimResponse } from "../rest/context";
import { INVALID_JSON } from "../rest/context";
import { MESSAGES, SimError } from "../rest/errors";
import { pageResponse } from "../rest/respond";
import type { Router } from "../rest/router";
import { groupJson, projectRef, userJson } from "../rest/serialize";
import { seatHolders, type UserAccess } from "../state/effective";
import type { LaggedMap } from "../state/lagged-map";
import type { SimWorkspace } from "../state/model";

/**
 * The four permissions-config resources (§3.1–§3.3) share one implementation: repository or project,
 * user or group. Lists are explicit grants only; a PUT upserts and answers with the canonical principal.
 */
type Scope = "repository" | "project";
type PrincipalKind = "user" | "group";

interface Target {
  ws: SimWorkspace;
  grants: { users: LaggedMap<string, string>; groups: LaggedMap<string, string> };
  /** The `repository` or `project` member of each row. */
  ref: Record<string, unknown>;
  selfBase: string;
  isAdmin: (access: UserAccess) => boolean;
}

const LEVELS: Record<Scope, readonly string[]> = {
  repository: ["read", "write", "admin"],
  project: ["read", "write", "create-repo", "admin"],
};

function target(ctx: SimContext, scope: Scope): Target {
  const ws = requireWorkspace(ctx, ctx.params.workspace ?? "");
  const enc = encodeURIComponent;
  if (scope === "repository") {
    const repo = ctx.state.findRepository(ws, ctx.params.repo_slug ?? "");
    if (!repo) throw new SimError(404, "No repository exists for the given repository slug and workspace.");
    return {
      ws, grants: repo.grants,
      ref: { type: "repository", uuid: repo.uuid, name: repo.name, full_name: `${ws.slug}/${repo.slug}` },
      selfBase: `${ctx.baseUrl}/2.0/repositories/${enc(ws.slug)}/${enc(repo.slug)}/permissions-config`,
      isAdmin: (access) => access.repoLevel(repo) === "admin",
    };
  }
  const project = ctx.state.findProject(ws, ctx.params.project_key ?? "");
  if (!project) throw new SimError(404, "A project isn't hosted at this location.");
  return {
    ws, grants: project.grants, ref: { ...projectRef(ctx.baseUrl, ws, project) },
    selfBase: `${ctx.baseUrl}/2.0/workspaces/${enc(ws.slug)}/projects/${enc(project.key)}/permissions-config`,
    isAdmin: (access) => access.projectLevel(project) === "admin",
  };
}

function row(ctx: SimContext, scope: Scope, kind: PrincipalKind, t: Target, key: string, permission: string): Record<string, unknown> {
  let who: Record<string, unknown>;
  let id = key;
  if (kind === "user") {
    const user = ctx.state.users.get(key);
    who = { user: user ? userJson(ctx.baseUrl, user) : { type: "user", uuid: key } };
    id = user?.account_id ?? key;
  } else {
    const group = t.ws.groups.get(key);
    who = { group: group ? groupJson(t.ws, group) : { type: "group", slug: key } };
  }
  return {
    type: `${scope}_${kind}_permission`, permission, ...who, [scope]: t.ref,
    links: { self: { href: `${t.selfBase}/${kind}s/${encodeURIComponent(id)}` } },
  };
}

/** Resolves the path's user or group to its grant key. @throws {SimError} 404 for an unknown one. */
function principalKey(ctx: SimContext, kind: PrincipalKind, t: Target): string {
  if (kind === "group") {
    const slug = ctx.params.group_slug ?? "";
    if (!t.ws.groups.has(slug)) throw new SimError(404, `No group with slug '${slug}'.`);
    return slug;
  }
  const user = ctx.state.findUser(ctx.params.selected_user_id ?? "");
  if (!user) throw new SimError(404, "The selected user doesn't exist.");
  return user.uuid;
}

function readText(scope: Scope): string {
  return scope === "repository" ? MESSAGES.repoAdminRead : MESSAGES.projectAdminRead;
}
function writeText(scope: Scope): string {
  return scope === "repository" ? MESSAGES.repoAdminWrite : MESSAGES.projectAdminWrite;
}

function list(scope: Scope, kind: PrincipalKind) {
  return (ctx: SimContext): SimResponse => {
    const t = target(ctx, scope);
    assertPermissionReader(ctx, t.isAdmin, readText(scope));
    const now = ctx.state.now();
    const map = kind === "user" ? t.grants.users : t.grants.groups;
    return pageResponse(ctx, [...map.entries(now)].map(([key, level]) => row(ctx, scope, kind, t, key, level)));
  };
}

function get(scope: Scope, kind: PrincipalKind) {
  return (ctx: SimContext): SimResponse => {
    const t = target(ctx, scope);
    assertPermissionReader(ctx, t.isAdmin, readText(scope));
    const key = principalKey(ctx, kind, t);
    const level = (kind === "user" ? t.grants.users : t.grants.groups).get(key, ctx.state.now());
    if (level === undefined && ctx.switches.getWithoutGrant === 404) throw new SimError(404, `No explicit ${kind} permission.`);
    return { status: 200, body: row(ctx, scope, kind, t, key, level ?? "none") };
  };
}

function assertSeat(ctx: SimContext, t: Target, kind: PrincipalKind, key: string): void {
  const limit = ctx.switches.seatLimit;
  if (limit === null) return;
  const seats = seatHolders(t.ws, ctx.state.now());
  const newcomers = kind === "user" ? [key] : [...(t.ws.groups.get(key)?.members ?? [])];
  const added = new Set(newcomers.filter((u) => !seats.has(u))).size;
  if (added > 0 && seats.size + added > limit) {
    throw new SimError(402, "You have reached your plan's user limit and must upgrade before giving access to additional users.");
  }
}

function put(scope: Scope, kind: PrincipalKind) {
  return (ctx: SimContext): SimResponse => {
    const t = target(ctx, scope);
    assertPermissionWriter(ctx, t.isAdmin, writeText(scope));
    const body = ctx.body;
    const permission = body !== INVALID_JSON && typeof body === "object" && body !== null
      ? (body as { permission?: unknown }).permission : undefined;
    if (typeof permission !== "string" || !LEVELS[scope].includes(permission)) {
      throw new SimError(400, `No permission value was provided or the value is invalid (not one of ${LEVELS[scope].join(", ")}).`);
    }
    const key = principalKey(ctx, kind, t);
    if (kind === "user") {
      const role = t.ws.members.get(key);
      if (role === undefined) throw new SimError(400, "The selected user must be a member of the workspace.");
      if (role === "owner") throw new SimError(400, "The selected user cannot be the workspace owner.");
    }
    const map = kind === "user" ? t.grants.users : t.grants.groups;
    if (map.get(key, ctx.state.now()) !== permission) {
      assertSeat(ctx, t, kind, key);
      ctx.state.setGrant(map, key, permission);
    }
    return { status: 200, body: row(ctx, scope, kind, t, key, permission) };
  };
}

function remove(scope: Scope, kind: PrincipalKind) {
  return (ctx: SimContext): SimResponse => {
    const t = target(ctx, scope);
    assertPermissionWriter(ctx, t.isAdmin, writeText(scope));
    const key = principalKey(ctx, kind, t);
    const map = kind === "user" ? t.grants.users : t.grants.groups;
    if (map.get(key, ctx.state.now()) === undefined) {
      if (ctx.switches.deleteWithoutGrant === 404) throw new SimError(404, `No explicit ${kind} permission.`);
      return { status: 204 };
    }
    ctx.state.setGrant(map, key, undefined);
    return { status: 204 };
  };
}

/** Mounts the sixteen permissions-config routes. */
export function mountPermissionsConfig(router: Router<RouteDef>): void {
  const prefixes: Record<Scope, string> = {
    repository: "/2.0/repositories/:workspace/:repo_slug/permissions-config",
    project: "/2.0/workspaces/:workspace/projects/:project_key/permissions-config",
  };
  for (const scope of ["repository", "project"] as const) {
    for (const kind of ["user", "group"] as const) {
      const base = `${prefixes[scope]}/${kind}s`;
      const id = kind === "user" ? ":selected_user_id" : ":group_slug";
      router.add("GET", base, { auth: true, handle: list(scope, kind) });
      router.add("GET", `${base}/${id}`, { auth: true, handle: get(scope, kind) });
      router.add("PUT", `${base}/${id}`, { auth: true, handle: put(scope, kind) });
      router.add("DELETE", `${base}/${id}`, { auth: true, handle: remove(scope, kind) });
    }
  }
}
