import type { BitbucketApi } from "../client";
import { collect, paginate } from "../paginate";
import { path } from "../path";
import type { Repository } from "../types";

/** The fields a project's repository list keeps, so 100-item pages stay small. */
export const PROJECT_REPOSITORY_FIELDS = [
  "next",
  "values.type",
  "values.uuid",
  "values.slug",
  "values.name",
  "values.full_name",
  "values.is_private",
  "values.project.type",
  "values.project.uuid",
  "values.project.key",
].join(",");

/**
 * A BBQL string literal. Escaping a `"` inside one is UNCONFIRMED, so such values are refused rather than guessed.
 * @throws {TypeError} for a value holding `"` or `\`.
 */
export function bbqlString(value: string): string {
  if (/["\\]/.test(value)) throw new TypeError(`Cannot put ${JSON.stringify(value)} in a BBQL string`);
  return `"${value}"`;
}

/**
 * Every repository in a project (`q=project.key="KEY"`, 100 per page, reduced `fields`). Key repositories by `uuid`: the slug
 * changes on rename.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-repositories/#api-repositories-workspace-get
 * @throws {NotFound} when the workspace does not exist.
 * @throws {Gone} when the workspace is marked as spam.
 * @throws {TypeError} for a project key holding `"` or `\`.
 * @throws {BitbucketError} for any other failure, `PaginationLimitError` past `maxPages`; never a partial list.
 */
export function listProjectRepositories(
  api: BitbucketApi,
  workspace: string,
  projectKey: string,
  options: { maxPages?: number } = {},
): Promise<Repository[]> {
  return collect(
    paginate<Repository>(api, path`/2.0/repositories/${workspace}`, {
      query: { q: `project.key=${bbqlString(projectKey)}`, fields: PROJECT_REPOSITORY_FIELDS },
      pagelen: 100,
      ...options,
    }),
  );
}

/**
 * One repository, by slug or `{uuid}`.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-repositories/#api-repositories-workspace-repo-slug-get
 * @throws {NotFound} when it does not exist; `Forbidden` when private and not visible to this credential.
 * @throws {BitbucketError}
 */
export function getRepository(api: BitbucketApi, workspace: string, repoSlug: string): Promise<Repository> {
  return api.get<Repository>(path`/2.0/repositories/${workspace}/${repoSlug}`);
}
