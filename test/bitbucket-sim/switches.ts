/**
 * Switches for behaviour nobody has confirmed against live Bitbucket (bitbucket-platform.md §4.3),
 * plus the rate-limit knobs (§4.4). Defaults are the documented guesses; tests flip one at a time.
 */
export interface Switches {
  /** §1.3: do API tokens pass the "app passwords only" check on permission writes? */
  apiTokenMayWritePermissions: boolean;
  /** §1.3 (3P): require `write:`/`delete:permission:bitbucket` scopes on API-token writes. */
  requirePermissionScopes: boolean;
  /** §1.8: may the installation JWT read permissions-config? */
  jwtMayReadPermissions: boolean;
  /** §3.1: a GET of a grant that does not exist: 404, or 200 with `permission: "none"`. */
  getWithoutGrant: 404 | 200;
  /** §3.1: a DELETE of a grant that does not exist: 204 or 404. */
  deleteWithoutGrant: 204 | 404;
  /** §3.1: send `Content-Type` on 204 responses. */
  contentTypeOn204: boolean;
  /** §3.0: `pagelen` above 100 is clamped or refused with 400. */
  pagelenAbove100: "clamp" | "400";
  /** §3.4: does `role=` on the repository list count inherited (project, owner) access? */
  roleFilterIncludesInherited: boolean;
  /** §3.3: project endpoints answer an unauthenticated call with 401 or 404. */
  projectUnauthenticatedStatus: 401 | 404;
  /** §1.7: `GET /1.0/groups/{ws}` works by slug only, also by uuid, or is gone (410). */
  groupsV1: "slugOnly" | "uuidToo" | "gone";
  /** §3.9: webhook body shape; read by the Connect host's webhook deliverer (connect-host/webhooks.ts). */
  webhookEnvelope: "connect" | "flat";
  /** §2.1: does moving a repository to another project emit `repo:updated`? */
  repoUpdatedOnProjectMove: boolean;
  /** §1.5: are `/2.0/workspaces/*` calls counted against the rate limit too? */
  rateLimitWorkspaces: boolean;
  /** §1.5: seconds to send in `Retry-After` on a 429; `null` sends none (the real behaviour). */
  retryAfterOn429: number | null;
  /** §3.1: users with access a workspace may hold before a grant answers 402; `null` is unlimited. */
  seatLimit: number | null;
  /** Test-only eventual consistency: a grant change becomes visible to reads this many ms later. */
  readAfterWriteLagMs: number;
  /** §1.5: calls per rolling window per bucket. */
  rateLimitPerHour: number;
  /** §4.4: the rolling window is `3_600_000 / timeScale` ms. */
  timeScale: number;
}

export const DEFAULT_SWITCHES: Readonly<Switches> = Object.freeze({
  apiTokenMayWritePermissions: true,
  requirePermissionScopes: false,
  jwtMayReadPermissions: true,
  getWithoutGrant: 404,
  deleteWithoutGrant: 204,
  contentTypeOn204: false,
  pagelenAbove100: "clamp",
  roleFilterIncludesInherited: false,
  projectUnauthenticatedStatus: 401,
  groupsV1: "slugOnly",
  webhookEnvelope: "connect",
  repoUpdatedOnProjectMove: true,
  rateLimitWorkspaces: true,
  retryAfterOn429: null,
  seatLimit: null,
  readAfterWriteLagMs: 0,
  rateLimitPerHour: 1000,
  timeScale: 1,
});

/** Rolling-window length for the current `timeScale`. */
export const rateWindowMs = (switches: Switches): number => 3_600_000 / switches.timeScale;
