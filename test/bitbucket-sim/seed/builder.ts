import type { WorkspaceRole } from "../../../src/bitbucket/types";
import { slugify, stableAccountId, stableUuid } from "../ids";
import type { FixtureGrant, FixtureWorkspace, SimFixture } from "./fixture";

/**
 * A fluent, deterministic fixture builder:
 * `aWorkspace("acme").withOwner("olivia").withUsers(40).withGroup("developers", { members: ["user-01"] })
 *   .withProject("PROJ", { repos: 300 }).withProjectGrant("PROJ", { group: "developers" }, "write").build()`.
 * Users are named by nickname; ids derive from the workspace slug and the name, so every build is identical.
 */
export type PrincipalRef = { user: string } | { group: string };
type Level = FixtureGrant["permission"];

const EPOCH_MS = Date.UTC(2024, 0, 1);
const stamp = (minutes: number): string => new Date(EPOCH_MS + minutes * 60_000).toISOString();

export class WorkspaceBuilder {
  private readonly users: SimFixture["users"] = [];
  private readonly ws: FixtureWorkspace;
  private readonly extras: Required<Pick<SimFixture, "apiTokens" | "installations" | "bearerTokens">> =
    { apiTokens: [], installations: [], bearerTokens: [] };
  private repoCount = 0;

  constructor(readonly slug: string, options: { name?: string; uuid?: string } = {}) {
    this.ws = {
      uuid: options.uuid ?? stableUuid(`workspace/${slug}`), slug, name: options.name ?? slug,
      members: [], groups: [], projects: [], repositories: [],
    };
  }

  /** The uuid a nickname gets in this workspace. */
  userUuid(nickname: string): string {
    return stableUuid(`${this.slug}/user/${nickname}`);
  }

  withUser(nickname: string, options: { role?: WorkspaceRole; display_name?: string; email?: string } = {}): this {
    this.users.push({
      uuid: this.userUuid(nickname), account_id: stableAccountId(`${this.slug}/${nickname}`), nickname,
      display_name: options.display_name ?? nickname.split(/[-_.]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" "),
      email: options.email ?? `${nickname}@${this.slug}.example`, created_on: stamp(this.users.length),
    });
    this.ws.members.push({ user: this.userUuid(nickname), role: options.role ?? "member" });
    return this;
  }

  withOwner(nickname: string, options: { display_name?: string; email?: string } = {}): this {
    return this.withUser(nickname, { ...options, role: "owner" });
  }

  /** Adds `count` members named `user-01`, `user-02`, … (`prefix` changes the stem). */
  withUsers(count: number, options: { prefix?: string; role?: WorkspaceRole } = {}): this {
    const width = String(count).length < 2 ? 2 : String(count).length;
    for (let i = 1; i <= count; i++) this.withUser(`${options.prefix ?? "user"}-${String(i).padStart(width, "0")}`, { role: options.role ?? "member" });
    return this;
  }

  /** Adds a user that exists on Bitbucket but is not a member here (for the non-member 400). */
  withOutsider(nickname: string): this {
    this.withUser(nickname);
    this.ws.members.pop();
    return this;
  }

  withGroup(slug: string, options: { name?: string; members?: string[]; permission?: "read" | "write" | "admin" | null } = {}): this {
    this.ws.groups.push({
      slug, name: options.name ?? slug.charAt(0).toUpperCase() + slug.slice(1),
      members: (options.members ?? []).map((n) => this.userUuid(n)), permission: options.permission ?? null,
    });
    return this;
  }

  /** Adds a project and `repos` repositories in it, named `<key>-repo-001`… in creation order. */
  withProject(key: string, options: { name?: string; repos?: number; description?: string } = {}): this {
    this.ws.projects.push({
      uuid: stableUuid(`${this.slug}/project/${key}`), key, name: options.name ?? `Project ${key}`,
      description: options.description ?? "", is_private: true, created_on: stamp(0), grants: [],
    });
    const width = Math.max(3, String(options.repos ?? 0).length);
    for (let i = 1; i <= (options.repos ?? 0); i++) this.withRepo(key, `${key.toLowerCase()}-repo-${String(i).padStart(width, "0")}`);
    return this;
  }

  withRepo(projectKey: string, name: string): this {
    const slug = slugify(name);
    const minute = ++this.repoCount;
    this.ws.repositories.push({
      uuid: stableUuid(`${this.slug}/repo/${slug}`), slug, name, project: projectKey, is_private: true,
      created_on: stamp(minute), updated_on: stamp(minute), grants: [],
    });
    return this;
  }

  withProjectGrant(projectKey: string, principal: PrincipalRef, permission: Level): this {
    const project = this.ws.projects.find((p) => p.key === projectKey);
    if (!project) throw new Error(`withProjectGrant: no project ${projectKey}; call withProject first`);
    (project.grants ??= []).push(this.grant(principal, permission));
    return this;
  }

  withRepoGrant(repoSlug: string, principal: PrincipalRef, permission: Exclude<Level, "create-repo">): this {
    const repo = this.ws.repositories.find((r) => r.slug === repoSlug);
    if (!repo) throw new Error(`withRepoGrant: no repository ${repoSlug}; call withProject or withRepo first`);
    (repo.grants ??= []).push(this.grant(principal, permission));
    return this;
  }

  /** Registers an API token for a user (Basic `email:token`). */
  withApiToken(nickname: string, token: string, scopes?: string[]): this {
    const user = this.users.find((u) => u.nickname === nickname);
    if (!user) throw new Error(`withApiToken: no user ${nickname}`);
    this.extras.apiTokens.push({ email: user.email, token, user: user.uuid, ...(scopes ? { scopes } : {}) });
    return this;
  }

  withInstallation(installation: { clientKey: string; sharedSecret: string; appKey: string }): this {
    this.extras.installations.push({ ...installation, workspace: this.ws.uuid });
    return this;
  }

  /** Marks the workspace as spam: its repository list answers 410. */
  markedAsSpam(): this {
    this.ws.spam = true;
    return this;
  }

  build(): SimFixture {
    return structuredClone({ users: this.users, workspaces: [this.ws], ...this.extras });
  }

  private grant(principal: PrincipalRef, permission: Level): FixtureGrant {
    return "user" in principal ? { user: this.userUuid(principal.user), permission } : { group: principal.group, permission };
  }
}

/** Starts a workspace fixture. */
export const aWorkspace = (slug: string, options?: { name?: string; uuid?: string }): WorkspaceBuilder =>
  new WorkspaceBuilder(slug, options);
