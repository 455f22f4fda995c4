import { EventEmitter } from "node:events";
import type { Repository } from "../../../src/bitbucket/types";
import { SimError } from "../rest/errors";
import { projectRef, repositoryJson, workspaceRef } from "../rest/serialize";
import { slugify, stableUuid } from "../ids";
import type { SimRepository, SimWorkspace } from "../state/model";
import type { SimState } from "../state/store";
import type { Switches } from "../switches";

/**
 * Repository lifecycle changes made through the control API (`POST /__sim/events`). Each change is applied
 * to state and announced on `SimEvents` as `"repo"`; delivering webhooks to an app is a separate concern
 * (a later Connect-host module subscribes here and reads switch `webhookEnvelope`).
 */
export type RepoEventInput =
  | { type: "create"; workspace: string; project: string; name: string; uuid?: string; is_private?: boolean }
  | { type: "rename"; workspace: string; repo: string; name: string }
  | { type: "move"; workspace: string; repo: string; project: string }
  | { type: "delete"; workspace: string; repo: string }
  | { type: "transfer"; workspace: string; repo: string; toWorkspace: string; toProject?: string };

export interface RepoEvent {
  event: "repo:created" | "repo:updated" | "repo:deleted" | "repo:transfer";
  /** The workspace the repository is in after the change (the old one for a delete). */
  workspaceUuid: string;
  repository: Repository;
  /** `repo:updated`: `{ name, full_name }` on rename, `{ project }` on a move (undocumented, §2.1). */
  changes?: Record<string, { old: unknown; new: unknown }>;
  /** `repo:transfer`: the previous workspace. */
  previousWorkspace?: { type: "workspace"; uuid: string; slug: string; name?: string };
  /** Simulated time of the change. */
  at: number;
}

/** The simulator's event bus. */
export class SimEvents extends EventEmitter<{ repo: [RepoEvent] }> {}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new SimError(404, `Unknown ${what}`);
  return value;
}

/**
 * Applies one change and emits its event (none for a project move when `repoUpdatedOnProjectMove` is off).
 * @throws {SimError} 404 for an unknown workspace, project or repository; 400 for a taken slug.
 */
export function applyRepoEvent(
  state: SimState, events: SimEvents, switches: Switches, input: RepoEventInput, baseUrl: string,
): RepoEvent | undefined {
  const ws = need(state.findWorkspace(input.workspace), `workspace ${input.workspace}`);
  const at = state.now();
  const json = (w: SimWorkspace, r: SimRepository): Repository => repositoryJson(baseUrl, w, r);
  let event: RepoEvent | undefined;
  if (input.type === "create") {
    const project = need(state.findProject(ws, input.project), `project ${input.project}`);
    const stamp = new Date(at).toISOString();
    const slug = slugify(input.name);
    if (state.findRepository(ws, slug)) throw new SimError(400, `Repository ${ws.slug}/${slug} already exists`);
    const repo = state.addRepository(ws, {
      uuid: input.uuid ?? stableUuid(`${ws.uuid}/repo/${slug}/${at}`), slug, name: input.name, description: "",
      is_private: input.is_private ?? true, created_on: stamp, updated_on: stamp, projectUuid: project.uuid,
    });
    event = { event: "repo:created", workspaceUuid: ws.uuid, repository: json(ws, repo), at };
  } else {
    const repo = need(state.findRepository(ws, input.repo), `repository ${input.repo}`);
    if (input.type === "rename") {
      const before = json(ws, repo);
      state.renameRepository(ws, repo, input.name);
      const after = json(ws, repo);
      event = { event: "repo:updated", workspaceUuid: ws.uuid, repository: after, at, changes: {
        name: { old: before.name, new: after.name }, full_name: { old: before.full_name, new: after.full_name } } };
    } else if (input.type === "move") {
      const project = need(state.findProject(ws, input.project), `project ${input.project}`);
      const old = need(ws.projects.get(repo.projectUuid), "project");
      state.moveRepository(ws, repo, project);
      if (switches.repoUpdatedOnProjectMove) {
        event = { event: "repo:updated", workspaceUuid: ws.uuid, repository: json(ws, repo), at, changes: {
          project: { old: projectRef(baseUrl, ws, old), new: projectRef(baseUrl, ws, project) } } };
      }
    } else if (input.type === "delete") {
      const repository = json(ws, repo);
      state.removeRepository(ws, repo);
      event = { event: "repo:deleted", workspaceUuid: ws.uuid, repository, at };
    } else {
      event = transfer(state, ws, repo, input.toWorkspace, input.toProject, baseUrl, at);
    }
  }
  if (event) events.emit("repo", event);
  return event;
}

/** Moves a repository to another workspace; its explicit grants named the old workspace's principals, so they go. */
function transfer(
  state: SimState, from: SimWorkspace, repo: SimRepository, toWorkspace: string, toProject: string | undefined,
  baseUrl: string, at: number,
): RepoEvent {
  const to = need(state.findWorkspace(toWorkspace), `workspace ${toWorkspace}`);
  const project = toProject === undefined ? to.projects.values().next().value : state.findProject(to, toProject);
  const target = need(project, `project in ${to.slug}`);
  if (state.findRepository(to, repo.slug)) throw new SimError(400, `Repository ${to.slug}/${repo.slug} already exists`);
  state.removeRepository(from, repo);
  const moved = state.addRepository(to, {
    uuid: repo.uuid, slug: repo.slug, name: repo.name, description: repo.description, is_private: repo.is_private,
    created_on: repo.created_on, updated_on: new Date(at).toISOString(), projectUuid: target.uuid,
  });
  return { event: "repo:transfer", workspaceUuid: to.uuid, repository: repositoryJson(baseUrl, to, moved), previousWorkspace: workspaceRef(from), at };
}
