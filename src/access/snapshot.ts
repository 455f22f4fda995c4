import type { GrantLevel, RepositoryGrantLevel } from "./levels";
import type { Principal } from "./principal";

/**
 * What one read of a project's access state found: the input of effective access and of the planner.
 * Plain data (JSON-serialisable) so it can be stored with the time it was read and reloaded as is.
 *
 * Grants are EXPLICIT only, as Bitbucket's permissions-config lists return them; inherited access is computed
 * from them (see effective-access.ts), never stored.
 * @see https://support.atlassian.com/bitbucket-cloud/docs/configure-project-permissions-for-users-and-groups/
 */
export type AccessSnapshot = AccessSnapshotCore & SnapshotGroups;

export interface AccessSnapshotCore {
  readonly workspace: { readonly uuid: string; readonly slug: string };
  readonly project: { readonly key: string; readonly uuid: string; readonly name: string };
  /** When the read finished (epoch ms), shown as "as of" beside every figure. */
  readonly asOfMs: number;
  readonly repositories: readonly SnapshotRepository[];
  readonly projectGrants: readonly ProjectGrant[];
  /** Explicit repository grants only; a repository's inherited access is not in here. */
  readonly repositoryGrants: readonly RepositoryGrant[];
  /** Users with the workspace owner role: admin on every repository, and Bitbucket refuses grants for them. */
  readonly workspaceAdmins: readonly SnapshotUser[];
  /** Every workspace member (owners may or may not be repeated here; both lists count as membership). */
  readonly members: readonly SnapshotUser[];
}

/**
 * The 1.0 group list is the only source of group membership and it may fail (bitbucket-platform.md §1.7).
 * A failure is recorded as `groupsUnavailable`, never as an empty list: "no groups" would hide inherited access.
 */
export type SnapshotGroups =
  | { readonly groups: readonly SnapshotGroup[]; readonly groupsUnavailable?: undefined }
  | { readonly groups?: undefined; readonly groupsUnavailable: { readonly reason: string } };

/** A repository is keyed by uuid: its slug changes on rename. */
export interface SnapshotRepository { readonly uuid: string; readonly slug: string; readonly name: string }

export interface ProjectGrant { readonly principal: Principal; readonly level: GrantLevel }

export interface RepositoryGrant {
  readonly repositoryUuid: string;
  readonly principal: Principal;
  readonly level: RepositoryGrantLevel;
}

export interface SnapshotUser { readonly uuid: string; readonly name: string; readonly accountId?: string }

export interface SnapshotGroup { readonly slug: string; readonly name: string; readonly memberUuids: readonly string[] }

/** `{slug, uuid}`: how plans, warnings and jobs name a repository. */
export interface RepositoryRef { readonly slug: string; readonly uuid: string }

export const repositoryRef = (repository: SnapshotRepository): RepositoryRef => ({ slug: repository.slug, uuid: repository.uuid });
