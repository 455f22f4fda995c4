import { listProjects } from "../../bitbucket";
import { emit, sessionOf, type Command } from "../context";
import { EXIT } from "../errors";
import { table } from "../format";

/** `projects`: the workspace's projects, sorted by key. */
export const projectsCommand: Command = async (ctx) => {
  const { workspace } = ctx.runtime.settings;
  const projects = (await listProjects((await sessionOf(ctx)).api, workspace)).sort((a, b) => a.key.localeCompare(b.key));
  const rows = projects.map((p) => ({ key: p.key, name: p.name ?? p.key, uuid: p.uuid, description: p.description ?? "" }));
  emit(ctx, { workspace, projects: rows }, () =>
    rows.length === 0 ? `No projects in workspace ${workspace}.` : table(["KEY", "NAME", "UUID"], rows.map((p) => [p.key, p.name, p.uuid])));
  return EXIT.ok;
};
