import type { RunningSimulator } from "../bitbucket-sim";

/** Explicit grants as the simulator holds them, keyed like the engine keys principals (`user:{uuid}`, `group:slug`). */
export type Grants = Record<string, string>;

const collect = (users: Iterable<[string, string]>, groups: Iterable<[string, string]>): Grants => {
  const out: Grants = {};
  for (const [uuid, level] of users) out[`user:${uuid}`] = level;
  for (const [slug, level] of groups) out[`group:${slug}`] = level;
  return out;
};

/** Reads Bitbucket's truth straight from the simulator's state (no API call, no rate limit spent). */
export function simGrants(sim: RunningSimulator, workspace: string) {
  const ws = sim.state.findWorkspace(workspace);
  if (!ws) throw new Error(`no workspace ${workspace} in the simulator`);
  const now = sim.clock.now();
  return {
    project(key: string): Grants {
      const project = sim.state.findProject(ws, key);
      if (!project) throw new Error(`no project ${key}`);
      return collect(project.grants.users.entries(now), project.grants.groups.entries(now));
    },
    repository(slug: string): Grants {
      const repo = sim.state.findRepository(ws, slug);
      if (!repo) throw new Error(`no repository ${slug}`);
      return collect(repo.grants.users.entries(now), repo.grants.groups.entries(now));
    },
    /** Slugs of the project's repositories. */
    repositories(key: string): string[] {
      const project = sim.state.findProject(ws, key);
      return [...(project?.repoUuids ?? [])].flatMap((uuid) => { const r = ws.repositories.get(uuid); return r ? [r.slug] : []; }).sort();
    },
  };
}

/** Permission writes the simulator saw (method, path, status, auth kind), for "no write for a no-op" and "no JWT writes". */
export const permissionWrites = (sim: RunningSimulator) =>
  sim.requests().filter((r) => (r.method === "PUT" || r.method === "DELETE") && r.path.includes("/permissions-config/"));
