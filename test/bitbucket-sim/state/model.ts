import type { ProjectPermissionLevel, RepositoryPermissionLevel, WorkspaceRole } from "../../../src/bitbucket/types";
import type { LaggedMap } from "./lagged-map";

/**
 * The simulator's in-memory records. They hold what Bitbucket stores, not what it returns:
 * http/serialize.ts turns them into API shapes. Everything is keyed by uuid, because slugs change on rename.
 */

export interface SimUser {
  uuid: string;
  account_id: string;
  display_name: string;
  nickname: string;
  email: string;
  created_on: string;
}

export interface SimGroup {
  slug: string;
  name: string;
  /** User uuids. */
  members: Set<string>;
  /** The 1.0 API's default workspace permission of the group; informational only. */
  permission: "read" | "write" | "admin" | null;
}

/** Grants are keyed by user uuid or group slug; values go through LaggedMap for eventual consistency. */
export interface GrantSet<L> {
  users: LaggedMap<string, L>;
  groups: LaggedMap<string, L>;
}

export interface SimProject {
  uuid: string;
  key: string;
  name: string;
  description: string;
  is_private: boolean;
  created_on: string;
  updated_on: string;
  grants: GrantSet<ProjectPermissionLevel>;
  /** Repository uuids, in creation order: the index that keeps `q=project.key=…` cheap on 10k repos. */
  repoUuids: Set<string>;
}

export interface SimRepository {
  uuid: string;
  slug: string;
  name: string;
  description: string;
  is_private: boolean;
  created_on: string;
  updated_on: string;
  projectUuid: string;
  grants: GrantSet<RepositoryPermissionLevel>;
}

export interface SimWorkspace {
  uuid: string;
  slug: string;
  name: string;
  /** A workspace marked as spam answers 410 on its repository list (spec). */
  spam: boolean;
  /** user uuid → role. */
  members: Map<string, WorkspaceRole>;
  groups: Map<string, SimGroup>;
  /** project uuid → project, plus an upper-cased key index. */
  projects: Map<string, SimProject>;
  projectsByKey: Map<string, string>;
  /** repo uuid → repo, plus a lower-cased slug index. */
  repositories: Map<string, SimRepository>;
  reposBySlug: Map<string, string>;
}

export interface Installation {
  clientKey: string;
  sharedSecret: string;
  appKey: string;
  workspaceUuid: string;
}

export interface ApiToken {
  email: string;
  token: string;
  userUuid: string;
  /** `undefined` means unrestricted, as a token created with every scope. */
  scopes?: string[];
}

/** A registered `Bearer` credential: an OAuth consumer's token or a repo/project/workspace access token. */
export interface BearerToken {
  token: string;
  kind: "oauth-bearer" | "access-token";
  workspaceUuid: string;
  /** OAuth consumer id or access-token id; names the rate-limit bucket. */
  id: string;
  /** OAuth acts for a user when set; without one it reads the whole workspace. */
  userUuid?: string;
  /** Access tokens only: narrow to one project key or one repository uuid. */
  projectKey?: string;
  repositoryUuid?: string;
}
