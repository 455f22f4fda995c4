import type { WorkspaceRole } from "../../../src/bitbucket/types";
import type { Clock } from "../clock";
import { isBracedUuid, slugify } from "../ids";
import { LaggedMap } from "./lagged-map";
import type {
  ApiToken, BearerToken, GrantSet, Installation, SimGroup, SimProject, SimRepository, SimUser, SimWorkspace,
} from "./model";

export type ProjectInput = Omit<SimProject, "grants" | "repoUuids">;
export type RepositoryInput = Omit<SimRepository, "grants">;

const newGrants = <L>(): GrantSet<L> => ({ users: new LaggedMap<string, L>(), groups: new LaggedMap<string, L>() });

/**
 * All simulator state plus the indexes that keep lookups O(1). Every mutation bumps `version`,
 * which list caches use as their key. Grant writes honour the read-after-write lag.
 */
export class SimState {
  version = 0;
  readonly users = new Map<string, SimUser>();
  private readonly usersByAccountId = new Map<string, string>();
  readonly workspaces = new Map<string, SimWorkspace>();
  private readonly workspacesBySlug = new Map<string, string>();
  readonly installations = new Map<string, Installation>();
  readonly apiTokens = new Map<string, ApiToken>();
  readonly bearerTokens = new Map<string, BearerToken>();

  constructor(private readonly clock: Clock, private readonly lagMs: () => number) {}

  /** Forgets everything, including installations and tokens. */
  reset(): void {
    for (const map of [this.users, this.usersByAccountId, this.workspaces, this.workspacesBySlug,
      this.installations, this.apiTokens, this.bearerTokens]) map.clear();
    this.version++;
  }

  touch(): void {
    this.version++;
  }

  upsertUser(user: SimUser): SimUser {
    this.users.set(user.uuid, user);
    this.usersByAccountId.set(user.account_id, user.uuid);
    this.touch();
    return user;
  }

  /** Resolves `{uuid}` or account_id (never a nickname, like Bitbucket). */
  findUser(id: string): SimUser | undefined {
    if (isBracedUuid(id)) return this.users.get(id.toLowerCase());
    const uuid = this.usersByAccountId.get(id);
    return uuid === undefined ? undefined : this.users.get(uuid);
  }

  addWorkspace(input: { uuid: string; slug: string; name: string; spam?: boolean }): SimWorkspace {
    const existing = this.workspaces.get(input.uuid);
    if (existing) return existing;
    const ws: SimWorkspace = {
      ...input, spam: input.spam ?? false, members: new Map(), groups: new Map(),
      projects: new Map(), projectsByKey: new Map(), repositories: new Map(), reposBySlug: new Map(),
    };
    this.workspaces.set(ws.uuid, ws);
    this.workspacesBySlug.set(ws.slug.toLowerCase(), ws.uuid);
    this.touch();
    return ws;
  }

  /** Resolves a workspace by slug or `{uuid}`. */
  findWorkspace(idOrSlug: string): SimWorkspace | undefined {
    const uuid = isBracedUuid(idOrSlug) ? idOrSlug.toLowerCase() : this.workspacesBySlug.get(idOrSlug.toLowerCase());
    return uuid === undefined ? undefined : this.workspaces.get(uuid);
  }

  setMember(ws: SimWorkspace, userUuid: string, role: WorkspaceRole): void {
    ws.members.set(userUuid, role);
    this.touch();
  }

  upsertGroup(ws: SimWorkspace, group: SimGroup): void {
    ws.groups.set(group.slug, group);
    this.touch();
  }

  addProject(ws: SimWorkspace, input: ProjectInput): SimProject {
    const project: SimProject = { ...input, grants: newGrants(), repoUuids: new Set() };
    ws.projects.set(project.uuid, project);
    ws.projectsByKey.set(project.key.toUpperCase(), project.uuid);
    this.touch();
    return project;
  }

  findProject(ws: SimWorkspace, key: string): SimProject | undefined {
    const uuid = isBracedUuid(key) ? key.toLowerCase() : ws.projectsByKey.get(key.toUpperCase());
    return uuid === undefined ? undefined : ws.projects.get(uuid);
  }

  /** Adds a repository to its project's index. @throws {Error} when the project or slug is taken/unknown. */
  addRepository(ws: SimWorkspace, input: RepositoryInput): SimRepository {
    const project = ws.projects.get(input.projectUuid);
    if (!project) throw new Error(`Unknown project ${input.projectUuid} in ${ws.slug}`);
    if (ws.reposBySlug.has(input.slug.toLowerCase())) throw new Error(`Repository ${ws.slug}/${input.slug} already exists`);
    const repo: SimRepository = { ...input, grants: newGrants() };
    ws.repositories.set(repo.uuid, repo);
    ws.reposBySlug.set(repo.slug.toLowerCase(), repo.uuid);
    project.repoUuids.add(repo.uuid);
    this.touch();
    return repo;
  }

  /** Resolves a repository by slug or `{uuid}`. */
  findRepository(ws: SimWorkspace, idOrSlug: string): SimRepository | undefined {
    const uuid = isBracedUuid(idOrSlug) ? idOrSlug.toLowerCase() : ws.reposBySlug.get(idOrSlug.toLowerCase());
    return uuid === undefined ? undefined : ws.repositories.get(uuid);
  }

  removeRepository(ws: SimWorkspace, repo: SimRepository): void {
    ws.repositories.delete(repo.uuid);
    ws.reposBySlug.delete(repo.slug.toLowerCase());
    ws.projects.get(repo.projectUuid)?.repoUuids.delete(repo.uuid);
    this.touch();
  }

  /** Renames a repository; its slug follows the name and its uuid stays. */
  renameRepository(ws: SimWorkspace, repo: SimRepository, name: string): void {
    ws.reposBySlug.delete(repo.slug.toLowerCase());
    repo.name = name;
    repo.slug = slugify(name);
    repo.updated_on = new Date(this.clock.now()).toISOString();
    ws.reposBySlug.set(repo.slug.toLowerCase(), repo.uuid);
    this.touch();
  }

  moveRepository(ws: SimWorkspace, repo: SimRepository, project: SimProject): void {
    ws.projects.get(repo.projectUuid)?.repoUuids.delete(repo.uuid);
    repo.projectUuid = project.uuid;
    project.repoUuids.add(repo.uuid);
    repo.updated_on = new Date(this.clock.now()).toISOString();
    this.touch();
  }

  /** Sets (or with `undefined`, removes) a grant, visible after `lagMs` (default: the configured lag). */
  setGrant<L extends string>(map: LaggedMap<string, L>, key: string, level: L | undefined, lagMs = this.lagMs()): void {
    map.set(key, level, this.clock.now(), lagMs);
    this.touch();
  }

  now(): number {
    return this.clock.now();
  }
}
