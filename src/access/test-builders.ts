import type { GrantLevel, RepositoryGrantLevel } from "./levels";
import type { GroupPrincipal, Principal, UserPrincipal } from "./principal";
import type { AccessSnapshot, ProjectGrant, RepositoryGrant, SnapshotGroup, SnapshotRepository, SnapshotUser } from "./snapshot";

/**
 * Builders for access snapshots in tests: `aSnapshot().withRepos(3).withProjectGrant(aUser("ann"), "write").build()`.
 * Ids are derived from names, so a test can refer to `aUser("ann")` anywhere and mean the same user.
 */

const hex12 = (text: string): string => {
  let hash = 0x811c9dc5;
  let hash2 = 0x1234567;
  for (const char of text) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    hash2 = Math.imul(hash2 ^ char.charCodeAt(0), 2246822519) >>> 0;
  }
  return (hash.toString(16).padStart(8, "0") + hash2.toString(16).padStart(8, "0")).slice(0, 12);
};

export const userUuid = (name: string): string => `{00000000-0000-4000-8000-${hex12(`user:${name}`)}}`;
export const accountIdOf = (name: string): string => `557058:${hex12(`account:${name}`)}`;
export const repoUuid = (slug: string): string => `{00000000-0000-4000-9000-${hex12(`repo:${slug}`)}}`;

export const aUser = (name: string): UserPrincipal => ({ type: "user", uuid: userUuid(name), name });
export const aGroup = (slug: string): GroupPrincipal => ({ type: "group", slug, name: slug });

export class SnapshotBuilder {
  private readonly repositories: SnapshotRepository[] = [];
  private readonly projectGrants: ProjectGrant[] = [];
  private readonly repositoryGrants: RepositoryGrant[] = [];
  private readonly workspaceAdmins: SnapshotUser[] = [];
  private readonly members: SnapshotUser[] = [];
  private readonly groups: SnapshotGroup[] = [];
  private groupsUnavailable: string | undefined;

  constructor(private readonly projectKey: string) {}

  /** Adds `count` repositories named `repo-0`, `repo-1`, … (continuing after any already added). */
  withRepos(count: number, prefix = "repo"): this {
    const start = this.repositories.filter((repository) => repository.slug.startsWith(`${prefix}-`)).length;
    for (let i = start; i < start + count; i += 1) this.withRepo(`${prefix}-${i}`);
    return this;
  }

  withRepo(slug: string): this {
    this.repositories.push({ uuid: repoUuid(slug), slug, name: slug });
    return this;
  }

  /** Adds workspace members (by name). */
  withMembers(...names: string[]): this {
    for (const name of names) this.members.push({ uuid: userUuid(name), name, accountId: accountIdOf(name) });
    return this;
  }

  /** Adds workspace admins (owners), who are members too. */
  withWorkspaceAdmin(name: string): this {
    this.workspaceAdmins.push({ uuid: userUuid(name), name, accountId: accountIdOf(name) });
    return this;
  }

  /** Adds a group with the named users as members (they become workspace members too). */
  withGroup(slug: string, memberNames: readonly string[] = []): this {
    for (const name of memberNames) if (!this.members.some((member) => member.name === name)) this.withMembers(name);
    this.groups.push({ slug, name: slug, memberUuids: memberNames.map(userUuid) });
    return this;
  }

  withGroupsUnavailable(reason: string): this {
    this.groupsUnavailable = reason;
    return this;
  }

  withProjectGrant(principal: Principal, level: GrantLevel): this {
    this.projectGrants.push({ principal, level });
    return this;
  }

  withRepoGrant(slug: string, principal: Principal, level: RepositoryGrantLevel): this {
    this.repositoryGrants.push({ repositoryUuid: repoUuid(slug), principal, level });
    return this;
  }

  /** Gives the principal the same explicit grant on every repository added so far. */
  withRepoGrantEverywhere(principal: Principal, level: RepositoryGrantLevel): this {
    for (const repository of this.repositories) this.withRepoGrant(repository.slug, principal, level);
    return this;
  }

  build(): AccessSnapshot {
    const core = {
      workspace: { uuid: "{00000000-0000-4000-a000-000000000001}", slug: "acme" },
      project: { key: this.projectKey, uuid: "{00000000-0000-4000-b000-000000000001}", name: `Project ${this.projectKey}` },
      asOfMs: 1_700_000_000_000,
      repositories: [...this.repositories],
      projectGrants: [...this.projectGrants],
      repositoryGrants: [...this.repositoryGrants],
      workspaceAdmins: [...this.workspaceAdmins],
      members: [...this.members],
    };
    return this.groupsUnavailable === undefined
      ? { ...core, groups: [...this.groups] }
      : { ...core, groupsUnavailable: { reason: this.groupsUnavailable } };
  }
}

export const aSnapshot = (projectKey = "PROJ"): SnapshotBuilder => new SnapshotBuilder(projectKey);
