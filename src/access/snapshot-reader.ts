import type { BitbucketApi } from "../bitbucket/client";
import { BitbucketError, BudgetExhausted, RateLimited } from "../bitbucket/errors";
import { listGroupsV1 } from "../bitbucket/resources/groups";
import { listMembers } from "../bitbucket/resources/members";
import { listProjectGroupPermissions, listProjectUserPermissions } from "../bitbucket/resources/project-permissions";
import { getProject } from "../bitbucket/resources/projects";
import { listProjectRepositories } from "../bitbucket/resources/repositories";
import { listRepositoryGroupPermissions, listRepositoryUserPermissions } from "../bitbucket/resources/repository-permissions";
import { listWorkspaceMemberships } from "../bitbucket/resources/workspace-permissions";
import type { Clock } from "../bitbucket/timing";
import { mapBounded } from "./bounded-map";
import type { AccessSnapshot, RepositoryGrant, SnapshotGroups, SnapshotRepository } from "./snapshot";
import { toGroup, toProjectGrant, toRepositoryGrant, toRepository, toUser } from "./snapshot-mapping";

export interface ReadProjectTarget {
  /** The workspace SLUG: the 1.0 group list does not accept the uuid (bitbucket-platform.md §1.7). */
  readonly workspace: string;
  readonly projectKey: string;
}

export interface ReadSnapshotOptions {
  /** Repositories whose grants are read at once (2 calls each); the client's throttle still applies on top. */
  readonly concurrency?: number;
  /**
   * Told how many repositories' grants are read so far: once with `done` 0 when the repository list is known, then after
   * each repository. Must not throw.
   */
  readonly onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_READ_CONCURRENCY = 4;

/**
 * Reads a project's whole access state from Bitbucket: the project, its repositories, the project's and every
 * repository's explicit user and group grants, the workspace owners and members, and the 1.0 group list.
 * Costs 7 + 2 × repositories calls plus extra pages (§1.5).
 *
 * A failed read throws and no snapshot is returned: a plan built from a partial read would propose granting or
 * revoking everything that was missed (style.md example 10). The one exception is the group list, whose endpoint may be
 * gone: its failure is recorded as `groupsUnavailable` with the reason, never as "no groups". Running out of the call
 * budget or hitting Bitbucket's rate limit still throws there, because that says "come back later", not "unavailable".
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-repositories/#api-repositories-workspace-repo-slug-permissions-config-users-get
 * @throws {BitbucketError} any failed read (`NotFound` for a missing project, `Forbidden` when the credential may not read
 *   permissions, `BudgetExhausted` when the call budget is spent, `PaginationLimitError` for runaway lists)
 */
export const readProjectSnapshot = async (
  api: BitbucketApi,
  target: ReadProjectTarget,
  clock: Clock,
  options: ReadSnapshotOptions = {},
): Promise<AccessSnapshot> => {
  const { workspace, projectKey } = target;
  // The project first: a wrong key fails with one call instead of seven.
  const project = await getProject(api, workspace, projectKey);
  // A fixed handful of independent reads, so running them together is bounded.
  const [repositories, projectUsers, projectGroups, owners, members, groups] = await allSettledOrThrow([
    listProjectRepositories(api, workspace, projectKey),
    listProjectUserPermissions(api, workspace, projectKey),
    listProjectGroupPermissions(api, workspace, projectKey),
    listWorkspaceMemberships(api, workspace, { q: 'permission="owner"' }),
    listMembers(api, workspace),
    readGroups(api, workspace),
  ]);

  const snapshotRepositories = repositories.map(toRepository).sort((a, b) => a.slug.localeCompare(b.slug));
  let done = 0;
  options.onProgress?.(done, snapshotRepositories.length);
  const repositoryGrants = (
    await mapBounded(snapshotRepositories, options.concurrency ?? DEFAULT_READ_CONCURRENCY, async (repository) => {
      const grants = await readRepositoryGrants(api, workspace, repository);
      done += 1;
      options.onProgress?.(done, snapshotRepositories.length);
      return grants;
    })
  ).flat();

  return {
    // The uuid is informational (nothing is keyed by it); "" only when no answer carried it.
    workspace: { uuid: project.workspace?.uuid ?? members[0]?.workspace?.uuid ?? owners[0]?.workspace?.uuid ?? "", slug: workspace },
    project: { key: project.key, uuid: project.uuid, name: project.name ?? project.key },
    asOfMs: clock(),
    repositories: snapshotRepositories,
    projectGrants: [...projectUsers, ...projectGroups].flatMap(toProjectGrant),
    repositoryGrants,
    workspaceAdmins: owners.map((membership) => toUser(membership.user)),
    members: members.map((membership) => toUser(membership.user)),
    ...groups,
  };
};

/**
 * `Promise.all` that waits for every promise before rethrowing the first failure, so a failed read leaves no sibling call
 * running (and spending the budget) after the snapshot read has already thrown.
 */
const allSettledOrThrow = async <T extends readonly unknown[]>(promises: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> => {
  const settled = await Promise.allSettled(promises);
  for (const result of settled) if (result.status === "rejected") throw result.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
};

/** A repository's explicit grants: two lists, read one after the other so the 2-per-repository cost stays inside the bound. */
const readRepositoryGrants = async (api: BitbucketApi, workspace: string, repository: SnapshotRepository): Promise<RepositoryGrant[]> => {
  const users = await listRepositoryUserPermissions(api, workspace, repository.slug);
  const groups = await listRepositoryGroupPermissions(api, workspace, repository.slug);
  return [...users, ...groups].flatMap((permission) => toRepositoryGrant(repository.uuid, permission));
};

const readGroups = async (api: BitbucketApi, workspace: string): Promise<SnapshotGroups> => {
  try {
    const groups = await listGroupsV1(api, workspace);
    return { groups: groups.map(toGroup) };
  } catch (error) {
    if (!(error instanceof BitbucketError) || error instanceof BudgetExhausted || error instanceof RateLimited) throw error;
    const status = error.status === undefined ? error.code : `HTTP ${error.status}`;
    return { groupsUnavailable: { reason: `the 1.0 group list could not be read (${status}: ${error.message})` } };
  }
};
