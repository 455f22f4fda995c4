import type { SimContext } from "../rest/context";
import { MESSAGES, SimError } from "../rest/errors";
import type { SimProject, SimRepository, SimWorkspace } from "../state/model";
import { UserAccess } from "../state/effective";
import { actingUser, type Caller } from "./caller";

/**
 * Read and write decisions per auth kind (bitbucket-platform.md §4.1). App identities (JWT, OAuth
 * without a user) see their own workspace whole; user identities see what the user's effective level allows.
 */
export interface Viewer {
  /** Sees every repository and project of the workspace (an app identity, or a workspace owner). */
  all: boolean;
  access?: UserAccess;
  canSeeRepo(repo: SimRepository): boolean;
  canSeeProject(project: SimProject): boolean;
}

const inWorkspace = (caller: Caller, ws: SimWorkspace): boolean =>
  caller.kind === "api-token" || ws.uuid === caller.workspaceUuid;

/**
 * Resolves `{workspace}` by slug or `{uuid}` and checks the caller may see it.
 * @throws {SimError} 404 for an unknown workspace, 403 for another tenant's workspace or a non-member.
 */
export function requireWorkspace(ctx: SimContext, idOrSlug: string): SimWorkspace {
  const ws = ctx.state.findWorkspace(idOrSlug);
  if (!ws) throw new SimError(404, `No workspace with identifier '${idOrSlug}'.`);
  if (!inWorkspace(ctx.caller, ws)) throw new SimError(403, "This credential is not authorized for this workspace.");
  const user = actingUser(ctx.caller);
  if (user !== undefined && !ws.members.has(user)) throw new SimError(403, "You are not a member of this workspace.");
  return ws;
}

/** The caller's view of a workspace it has passed `requireWorkspace` for. */
export function viewerOf(ctx: SimContext, ws: SimWorkspace): Viewer {
  const { caller } = ctx;
  const user = actingUser(caller);
  if (user !== undefined) {
    const access = new UserAccess(ws, user, ctx.state.now());
    return {
      all: access.isOwner, access,
      canSeeRepo: (repo) => access.repoLevel(repo) !== "none",
      canSeeProject: (project) => access.projectLevel(project) !== "none"
        || [...project.repoUuids].some((uuid) => { const r = ws.repositories.get(uuid); return r !== undefined && access.repoLevel(r) !== "none"; }),
    };
  }
  if (caller.kind === "access-token" && (caller.projectKey !== undefined || caller.repositoryUuid !== undefined)) {
    const inScope = (repo: SimRepository): boolean => caller.repositoryUuid !== undefined
      ? repo.uuid === caller.repositoryUuid
      : ws.projects.get(repo.projectUuid)?.key === caller.projectKey;
    return {
      all: false, canSeeRepo: inScope,
      canSeeProject: (project) => caller.projectKey !== undefined
        ? project.key === caller.projectKey
        : caller.repositoryUuid !== undefined && project.repoUuids.has(caller.repositoryUuid),
    };
  }
  return { all: true, canSeeRepo: () => true, canSeeProject: () => true };
}

/**
 * May the caller READ permissions (permissions-config, /permissions/repositories)?
 * JWT per `jwtMayReadPermissions` (§1.8); access tokens never; users and user-bound OAuth when admin.
 * @throws {SimError} 403 with `message`.
 */
export function assertPermissionReader(ctx: SimContext, isAdmin: (access: UserAccess) => boolean, message: string): void {
  const { caller } = ctx;
  if (caller.kind === "connect-jwt" && ctx.switches.jwtMayReadPermissions) return;
  if (caller.kind === "oauth-bearer" && caller.userUuid === undefined) return;
  const user = actingUser(caller);
  if (user === undefined) throw new SimError(403, message);
  const ws = ctx.state.findWorkspace(ctx.params.workspace ?? "");
  if (!ws || !isAdmin(new UserAccess(ws, user, ctx.state.now()))) throw new SimError(403, message);
}

/**
 * May the caller WRITE permissions? Only an API token whose owner is admin (§1.3); JWT, OAuth and
 * access tokens get 403 with the auth-method text even when they are admins.
 * @throws {SimError} 403 with `message`, or the scopes text under `requirePermissionScopes`.
 */
export function assertPermissionWriter(ctx: SimContext, isAdmin: (access: UserAccess) => boolean, message: string): void {
  const { caller, switches } = ctx;
  if (caller.kind !== "api-token" || !switches.apiTokenMayWritePermissions) throw new SimError(403, message);
  if (switches.requirePermissionScopes && caller.scopes !== undefined) {
    const needed = ctx.method === "DELETE" ? "delete:permission:bitbucket" : "write:permission:bitbucket";
    if (!caller.scopes.includes(needed)) throw new SimError(403, MESSAGES.scopes);
  }
  const ws = ctx.state.findWorkspace(ctx.params.workspace ?? "");
  if (!ws || !isAdmin(new UserAccess(ws, caller.userUuid, ctx.state.now()))) throw new SimError(403, message);
}
