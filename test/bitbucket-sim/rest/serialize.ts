import type {
  Group, GroupV1, Project, ProjectRef, Repository, User, Workspace, WorkspaceMembership,
} from "../../../src/bitbucket/types";
import type { SimGroup, SimProject, SimRepository, SimUser, SimWorkspace } from "../state/model";

/**
 * Turns records into the API shapes of src/bitbucket/types.ts. Links are absolute, built on the
 * address the client used, so `next` and `links.self` can be followed as given. Shapes stay inside
 * the spec's `additionalProperties: false` link sets (e.g. a project's links have no `self`).
 */
const enc = encodeURIComponent;

export const workspaceRef = (ws: SimWorkspace): Pick<Workspace, "type" | "uuid" | "slug" | "name"> =>
  ({ type: "workspace", uuid: ws.uuid, slug: ws.slug, name: ws.name });

export function workspaceJson(base: string, ws: SimWorkspace): Workspace {
  return {
    ...workspaceRef(ws), is_private: true,
    links: { self: { href: `${base}/2.0/workspaces/${enc(ws.slug)}` }, html: { href: `${base}/${enc(ws.slug)}/` } },
  };
}

/** The canonical user, whatever id form the request used. `email` is added only on request (`+…email`). */
export function userJson(base: string, user: SimUser): User {
  return {
    type: "user", uuid: user.uuid, account_id: user.account_id, display_name: user.display_name,
    nickname: user.nickname, account_status: "active",
    links: { self: { href: `${base}/2.0/users/${enc(user.uuid)}` }, html: { href: `${base}/%7B${enc(user.uuid.slice(1, -1))}%7D/` } },
  };
}

export function projectRef(base: string, ws: SimWorkspace, project: SimProject): ProjectRef {
  return {
    type: "project", uuid: project.uuid, key: project.key, name: project.name,
    links: { html: { href: `${base}/${enc(ws.slug)}/workspace/projects/${enc(project.key)}` } },
  };
}

export function projectJson(base: string, ws: SimWorkspace, project: SimProject): Project {
  return {
    ...projectRef(base, ws, project), description: project.description, is_private: project.is_private,
    created_on: project.created_on, updated_on: project.updated_on, has_publicly_visible_repos: false,
    workspace: workspaceRef(ws),
  };
}

export function repositoryJson(base: string, ws: SimWorkspace, repo: SimRepository): Repository {
  const project = ws.projects.get(repo.projectUuid);
  const self = `${base}/2.0/repositories/${enc(ws.slug)}/${enc(repo.slug)}`;
  return {
    type: "repository", uuid: repo.uuid, slug: repo.slug, name: repo.name, full_name: `${ws.slug}/${repo.slug}`,
    is_private: repo.is_private, description: repo.description, created_on: repo.created_on, updated_on: repo.updated_on,
    workspace: workspaceRef(ws),
    ...(project ? { project: projectRef(base, ws, project) } : {}),
    links: { self: { href: self }, html: { href: `${base}/${enc(ws.slug)}/${enc(repo.slug)}` } },
  };
}

export function groupJson(ws: SimWorkspace, group: SimGroup): Group {
  return { type: "group", name: group.name, slug: group.slug, full_slug: `${ws.slug}:${group.slug}` };
}

/** A `workspace_membership`; `permission` only on `/permissions`, `email` kept for `+values.user.email`. */
export function membershipJson(
  base: string, ws: SimWorkspace, user: SimUser, options: { permission?: boolean; email?: boolean },
): WorkspaceMembership {
  const role = ws.members.get(user.uuid);
  return {
    type: "workspace_membership",
    ...(options.permission === true && role !== undefined ? { permission: role } : {}),
    user: { ...userJson(base, user), ...(options.email === true ? { email: user.email } : {}) },
    workspace: workspaceRef(ws),
    links: { self: { href: `${base}/2.0/workspaces/${enc(ws.slug)}/members/${enc(user.uuid)}` } },
  };
}

/** An element of the 1.0 bare group array (§3.8). */
export function groupV1Json(ws: SimWorkspace, group: SimGroup, users: Map<string, SimUser>): GroupV1 {
  const members = [...group.members].flatMap((uuid) => {
    const user = users.get(uuid);
    return user ? [{ display_name: user.display_name, uuid, account_id: user.account_id, nickname: user.nickname, is_team: false }] : [];
  });
  return {
    name: group.name, slug: group.slug, permission: group.permission, auto_add: false, email_forwarding_disabled: false,
    owner: { display_name: ws.name, uuid: ws.uuid, is_team: true }, members,
  };
}
