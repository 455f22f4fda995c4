import type { Principal } from "./principal";
import type { PrincipalRequest } from "./plan-request";
import { namedPrincipal, type SnapshotIndex } from "./snapshot-index";

/** What the snapshot knows about the principal a request names; the planner turns the doubts into warnings. */
export type ResolvedPrincipal =
  | { readonly principal: Principal & { readonly type: "user" }; readonly member: boolean; readonly workspaceAdmin: boolean }
  | { readonly principal: Principal & { readonly type: "group" }; readonly group: "known" | "unknown" | "unverified" };

const BARE_UUID = /^[0-9a-fA-F-]{36}$/;

/**
 * Users are keyed by `{uuid}` everywhere, but a request may name them by account id or by a bare or upper-case uuid.
 * An account id is resolved through the member list; one that no member has stays as given (Bitbucket accepts an
 * account id in the path too), and the user is then reported as not a member.
 */
export const normaliseUserId = (index: SnapshotIndex, id: string): string => {
  if (id.startsWith("{")) return id.toLowerCase();
  if (BARE_UUID.test(id)) return `{${id.toLowerCase()}}`;
  return index.membersByAccountId.get(id)?.uuid ?? id;
};

export const resolvePrincipal = (index: SnapshotIndex, requested: PrincipalRequest): ResolvedPrincipal => {
  if (requested.type === "group") {
    const principal = { ...namedPrincipal(index, { type: "group", slug: requested.slug }), type: "group" as const, slug: requested.slug };
    if (index.snapshot.groups === undefined) return { principal, group: "unverified" };
    return { principal, group: index.groupsBySlug.has(requested.slug) ? "known" : "unknown" };
  }
  const uuid = normaliseUserId(index, requested.id);
  const principal = { ...namedPrincipal(index, { type: "user", uuid }), type: "user" as const, uuid };
  return { principal, member: index.membersByUuid.has(uuid), workspaceAdmin: index.workspaceAdminsByUuid.has(uuid) };
};
