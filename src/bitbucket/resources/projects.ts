import type { BitbucketApi } from "../client";
import { collect, paginate } from "../paginate";
import { path } from "../path";
import type { Project } from "../types";

/**
 * Every project in a workspace (the Access page's project picker).
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-projects/#api-workspaces-workspace-projects-get
 * @throws {NotFound} when the workspace does not exist.
 * @throws {BitbucketError} for any other failure; never a partial list.
 */
export function listProjects(api: BitbucketApi, workspace: string, options: { maxPages?: number } = {}): Promise<Project[]> {
  return collect(paginate<Project>(api, path`/2.0/workspaces/${workspace}/projects`, { pagelen: 100, ...options }));
}

/**
 * One project by its key; use it to check a project key taken from user input.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-projects/#api-workspaces-workspace-projects-project-key-get
 * @throws {NotFound} when no project has that key; `Forbidden` when this credential may not see it.
 * @throws {BitbucketError}
 */
export function getProject(api: BitbucketApi, workspace: string, projectKey: string): Promise<Project> {
  return api.get<Project>(path`/2.0/workspaces/${workspace}/projects/${projectKey}`);
}
