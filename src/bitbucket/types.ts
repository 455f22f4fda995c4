/**
 * The Bitbucket Cloud REST 2.0 shapes this project reads and writes, reduced from
 * ../shared/bitbucket/openapi-subset.json (swagger 2.0, snapshot 2024-05-18) to the fields we use.
 * The simulator imports these same types, so client and simulator cannot drift apart silently;
 * the simulator's schema tests check real responses against the spec itself.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/intro/
 */

/** Levels a repository grant can hold. `none` only ever appears in responses. */
export type RepositoryPermissionLevel = "read" | "write" | "admin";
/** Levels a project grant can hold; `create-repo` exists only on projects. */
export type ProjectPermissionLevel = "read" | "write" | "create-repo" | "admin";
export type WorkspaceRole = "owner" | "collaborator" | "member";

export interface Link { href: string; name?: string }
export interface Links { self?: Link; html?: Link; avatar?: Link; [name: string]: Link | undefined }

export interface Paginated<T> {
  size?: number;
  page?: number;
  pagelen?: number;
  next?: string;
  previous?: string;
  values: T[];
}

export interface Account {
  type: string;
  uuid: string;
  display_name?: string;
  links?: Links;
  created_on?: string;
}

export interface User extends Account {
  type: "user";
  account_id?: string;
  nickname?: string;
  account_status?: string;
}

export interface Workspace {
  type: "workspace";
  uuid: string;
  slug: string;
  name?: string;
  is_private?: boolean;
  links?: Links;
}

export interface ProjectRef {
  type: "project";
  uuid: string;
  key: string;
  name?: string;
  links?: Links;
}

export interface Project extends ProjectRef {
  description?: string;
  is_private?: boolean;
  created_on?: string;
  updated_on?: string;
  owner?: Account;
  workspace?: Pick<Workspace, "type" | "uuid" | "slug" | "name">;
  has_publicly_visible_repos?: boolean;
}

export interface RepositoryRef {
  type: "repository";
  uuid: string;
  full_name?: string;
  name?: string;
  links?: Links;
}

export interface Repository extends RepositoryRef {
  slug?: string;
  is_private?: boolean;
  description?: string;
  created_on?: string;
  updated_on?: string;
  workspace?: Pick<Workspace, "type" | "uuid" | "slug" | "name">;
  project?: ProjectRef;
  owner?: Account;
}

export interface Group {
  type: "group";
  name?: string;
  slug: string;
  full_slug?: string;
  links?: Links;
}

export interface RepositoryUserPermission {
  type: "repository_user_permission";
  permission: RepositoryPermissionLevel | "none";
  user: User;
  repository?: RepositoryRef;
  links?: Links;
}

export interface RepositoryGroupPermission {
  type: "repository_group_permission";
  permission: RepositoryPermissionLevel | "none";
  group: Group;
  repository?: RepositoryRef;
  links?: Links;
}

export interface ProjectUserPermission {
  type: "project_user_permission";
  permission: ProjectPermissionLevel | "none";
  user: User;
  project?: ProjectRef;
  links?: Links;
}

export interface ProjectGroupPermission {
  type: "project_group_permission";
  permission: ProjectPermissionLevel | "none";
  group: Group;
  project?: ProjectRef;
  links?: Links;
}

/** A row of `/workspaces/{ws}/permissions`: the member's workspace role. */
export interface WorkspaceMembership {
  type: "workspace_membership";
  permission?: WorkspaceRole;
  user: Account & Partial<Pick<User, "account_id" | "nickname">> & { email?: string };
  workspace?: Pick<Workspace, "type" | "uuid" | "slug" | "name">;
  last_accessed?: string;
  added_on?: string;
  links?: Links;
}

/** A row of `/workspaces/{ws}/permissions/repositories`: the user's EFFECTIVE level on one repository. */
export interface RepositoryPermission {
  type: "repository_permission";
  permission: RepositoryPermissionLevel | "none";
  user: User;
  repository: RepositoryRef;
}

/** Bitbucket's error envelope; only `type` and `error.message` are guaranteed. */
export interface ErrorEnvelope {
  type: "error";
  error: { message: string; detail?: string; data?: Record<string, unknown> };
}

/** An element of the bare array that `GET /1.0/groups/{workspace-slug}` returns. */
export interface GroupV1 {
  name: string;
  slug: string;
  permission?: string | null;
  auto_add?: boolean;
  email_forwarding_disabled?: boolean;
  owner?: { display_name?: string; uuid: string; account_id?: string; is_team?: boolean };
  members: Array<{ display_name?: string; uuid: string; account_id?: string; is_team?: boolean; nickname?: string }>;
}
