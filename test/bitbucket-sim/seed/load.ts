import { apiTokenKey } from "../auth/authenticate";
import type { SimState } from "../state/store";
import type { SimWorkspace } from "../state/model";
import type { FixtureWorkspace, SimFixture } from "./fixture";

const EPOCH = "2024-01-01T00:00:00.000Z";

/**
 * Adds a fixture to the state (additive: call `reset()` first for a clean slate). Linear in the
 * fixture's size, so a 10k-repository seed takes milliseconds.
 * @throws {Error} when a reference (user, group, project, workspace) does not resolve.
 */
export function loadFixture(state: SimState, fixture: SimFixture): void {
  const byNickname = new Map<string, string>();
  for (const u of fixture.users) {
    state.upsertUser({ ...u, uuid: u.uuid.toLowerCase(), created_on: u.created_on ?? EPOCH });
    byNickname.set(u.nickname, u.uuid.toLowerCase());
  }
  const userRef = (ref: string): string => {
    const uuid = state.findUser(ref)?.uuid ?? byNickname.get(ref);
    if (uuid === undefined) throw new Error(`Fixture names unknown user '${ref}'`);
    return uuid;
  };
  const workspaceRef = (ref: string): SimWorkspace => {
    const ws = state.findWorkspace(ref);
    if (!ws) throw new Error(`Fixture names unknown workspace '${ref}'`);
    return ws;
  };
  for (const w of fixture.workspaces) loadWorkspace(state, w, userRef);
  for (const t of fixture.apiTokens ?? []) {
    const token = { email: t.email, token: t.token, userUuid: userRef(t.user), ...(t.scopes ? { scopes: t.scopes } : {}) };
    state.apiTokens.set(apiTokenKey(t.email, t.token), token);
  }
  for (const i of fixture.installations ?? []) {
    state.installations.set(i.clientKey, { ...i, workspaceUuid: workspaceRef(i.workspace).uuid });
  }
  for (const b of fixture.bearerTokens ?? []) {
    const { workspace, user, ...rest } = b;
    state.bearerTokens.set(b.token, { ...rest, workspaceUuid: workspaceRef(workspace).uuid, ...(user ? { userUuid: userRef(user) } : {}) });
  }
}

function loadWorkspace(state: SimState, w: FixtureWorkspace, userRef: (ref: string) => string): void {
  const ws = state.addWorkspace({ uuid: w.uuid.toLowerCase(), slug: w.slug, name: w.name, spam: w.spam ?? false });
  for (const m of w.members) state.setMember(ws, userRef(m.user), m.role);
  for (const g of w.groups) {
    state.upsertGroup(ws, { slug: g.slug, name: g.name, members: new Set(g.members.map(userRef)), permission: g.permission ?? null });
  }
  for (const p of w.projects) {
    const project = state.addProject(ws, {
      uuid: p.uuid.toLowerCase(), key: p.key, name: p.name, description: p.description ?? "", is_private: p.is_private ?? true,
      created_on: p.created_on ?? EPOCH, updated_on: p.created_on ?? EPOCH,
    });
    for (const g of p.grants ?? []) {
      if (g.user !== undefined) state.setGrant(project.grants.users, userRef(g.user), g.permission, 0);
      else state.setGrant(project.grants.groups, groupRef(ws, g.group ?? ""), g.permission, 0);
    }
  }
  for (const r of w.repositories) {
    const project = state.findProject(ws, r.project);
    if (!project) throw new Error(`Repository ${r.slug} names unknown project '${r.project}'`);
    const repo = state.addRepository(ws, {
      uuid: r.uuid.toLowerCase(), slug: r.slug, name: r.name, description: r.description ?? "", is_private: r.is_private ?? true,
      created_on: r.created_on ?? EPOCH, updated_on: r.updated_on ?? r.created_on ?? EPOCH, projectUuid: project.uuid,
    });
    for (const g of r.grants ?? []) {
      if (g.permission === "create-repo") throw new Error(`Repository ${r.slug}: create-repo is a project-only level`);
      if (g.user !== undefined) state.setGrant(repo.grants.users, userRef(g.user), g.permission, 0);
      else state.setGrant(repo.grants.groups, groupRef(ws, g.group ?? ""), g.permission, 0);
    }
  }
}

function groupRef(ws: SimWorkspace, slug: string): string {
  if (!ws.groups.has(slug)) throw new Error(`Fixture names unknown group '${slug}' in ${ws.slug}`);
  return slug;
}
