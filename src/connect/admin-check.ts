import {
  BitbucketError,
  NotFound,
  getProjectUserPermission,
  listGroupsV1,
  listProjectGroupPermissions,
  listWorkspaceMemberships,
  type BitbucketApi,
} from "../bitbucket";
import { WORKSPACE_UUID } from "./install-payload";

export interface AdminQuery {
  readonly clientKey: string;
  readonly workspaceUuid: string;
  /** Needed only for the 1.0 group listing (it takes the slug, not the uuid). */
  readonly workspaceSlug: string | undefined;
  /** The verified JWT subject: `{uuid}` or an account id. */
  readonly userId: string;
  /** When set, an admin of this project qualifies too. Treat as user input: it is only ever a path segment here. */
  readonly projectKey: string | undefined;
}

export type AdminVerdict =
  | { readonly admin: true; readonly via: "workspace-owner" | "project-admin" | "project-admin-group" }
  | { readonly admin: false; readonly note?: string };

/** Port: is this user a workspace admin (owner role), or an admin of the project in question? Asked of Bitbucket. */
export interface AdminCheck {
  /** @throws {AdminCheckUnavailable} when Bitbucket could not answer; callers must deny, never allow */
  check(query: AdminQuery): Promise<AdminVerdict>;
}

export class AdminCheckUnavailable extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = "AdminCheckUnavailable";
  }
}

/** `user.uuid="{…}"` or `user.account_id="…"`, whichever the JWT subject is. */
function userFilter(userId: string): string {
  return WORKSPACE_UUID.test(userId) ? `user.uuid="${userId}"` : `user.account_id="${userId.replace(/"/g, "")}"`;
}

function userMatches(user: { uuid?: string; account_id?: string } | undefined, userId: string): boolean {
  return user?.uuid === userId || user?.account_id === userId;
}

/** Turns an unexpected Bitbucket failure into "cannot tell", which the middleware answers with 503 and never with access. */
async function asked<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = error instanceof BitbucketError ? error.status : undefined;
    throw new AdminCheckUnavailable(`Bitbucket could not answer the ${what} lookup: ${error instanceof Error ? error.message : String(error)}`, status);
  }
}

export interface BitbucketAdminCheckDeps {
  /** Bitbucket's API as the tenant's installation (Connect JWT); undefined when the tenant is unknown. */
  readonly installationApi: (clientKey: string) => Promise<BitbucketApi | undefined>;
}

/**
 * The admin check over Bitbucket's REST API, as the installation:
 * 1. workspace owner: `GET /2.0/workspaces/{ws}/permissions?q=user.uuid="{uuid}"` has `permission: "owner"`;
 * 2. project admin by a direct grant: `GET …/projects/{key}/permissions-config/users/{user}` says `admin`;
 * 3. project admin through a group: an explicit `admin` group grant in `…/permissions-config/groups` whose members
 *    (from `GET /1.0/groups/{workspace-slug}`, bitbucket-platform.md §1.7) include the user.
 * Not covered: project admin inherited in other ways Bitbucket may add; a failing 1.0 group listing answers "not admin"
 * with a note (never "admin").
 */
export function createBitbucketAdminCheck(deps: BitbucketAdminCheckDeps): AdminCheck {
  return {
    async check(q) {
      const api = await deps.installationApi(q.clientKey);
      if (!api) throw new AdminCheckUnavailable("the installation is not known");

      const roles = await asked("workspace role", () => listWorkspaceMemberships(api, q.workspaceUuid, { q: userFilter(q.userId), maxPages: 1 }));
      if (roles.some((m) => m.permission === "owner" && userMatches(m.user, q.userId))) return { admin: true, via: "workspace-owner" };
      if (q.projectKey === undefined) return { admin: false };
      const projectKey = q.projectKey;

      const direct = await asked("project user permission", async () => {
        try {
          return await getProjectUserPermission(api, q.workspaceUuid, projectKey, q.userId);
        } catch (error) {
          if (error instanceof NotFound) return undefined; // no direct grant (or no such project): not an admin this way
          throw error;
        }
      });
      if (direct?.permission === "admin") return { admin: true, via: "project-admin" };

      const groupGrants = await asked("project group permissions", async () => {
        try {
          return await listProjectGroupPermissions(api, q.workspaceUuid, projectKey);
        } catch (error) {
          if (error instanceof NotFound) return [];
          throw error;
        }
      });
      const adminGroups = new Set(groupGrants.filter((g) => g.permission === "admin").map((g) => g.group.slug));
      if (adminGroups.size === 0) return { admin: false };
      if (q.workspaceSlug === undefined) return { admin: false, note: "admin groups of the project could not be checked (workspace slug unknown)" };
      const workspaceSlug = q.workspaceSlug;
      let groups;
      try {
        groups = await listGroupsV1(api, workspaceSlug);
      } catch (error) {
        return { admin: false, note: `admin groups of the project could not be checked (${error instanceof Error ? error.message : String(error)})` };
      }
      const member = groups.some((g) => adminGroups.has(g.slug) && g.members.some((m) => userMatches(m, q.userId)));
      return member ? { admin: true, via: "project-admin-group" } : { admin: false };
    },
  };
}

export interface CachedAdminCheck extends AdminCheck {
  /** Drops every cached verdict of a tenant (on uninstall). */
  forget(clientKey: string): void;
}

/**
 * Caches verdicts per (clientKey, user, project) for `ttlMs` (a few minutes: a demoted admin keeps access at most that long).
 * Failures are not cached. At most `maxEntries` verdicts are kept; the oldest go first.
 */
export function cacheAdminCheck(inner: AdminCheck, options: { ttlMs: number; nowMs: () => number; maxEntries?: number }): CachedAdminCheck {
  const cache = new Map<string, { verdict: AdminVerdict; expiresAtMs: number }>();
  const max = options.maxEntries ?? 10_000;
  return {
    async check(q) {
      const key = JSON.stringify([q.clientKey, q.userId, q.projectKey ?? null]);
      const hit = cache.get(key);
      if (hit && hit.expiresAtMs > options.nowMs()) return hit.verdict;
      const verdict = await inner.check(q);
      cache.delete(key);
      cache.set(key, { verdict, expiresAtMs: options.nowMs() + options.ttlMs });
      if (cache.size > max) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return verdict;
    },
    forget(clientKey) {
      for (const key of cache.keys()) {
        if ((JSON.parse(key) as unknown[])[0] === clientKey) cache.delete(key);
      }
    },
  };
}
