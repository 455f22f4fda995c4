import type { AccessSnapshot, RepositoryGrant, SnapshotRepository } from "../access";
import { getRepository, NotFound } from "../bitbucket";
import type { Database } from "../db/database";
import type { JobStore, RuleStore } from "../jobs";
import { budgetKey } from "../bitbucket";
import type { BitbucketGateway } from "./bitbucket-gateway";
import type { CredentialService } from "./credential-service";
import type { SnapshotStore } from "./snapshot-store";
import type { EngineLogger } from "./types";

/** A verified repository webhook, as the host hands it over (the Connect host's RepoWebhookEvent has this shape). */
export interface RepositoryEvent {
  readonly event: "repo:created" | "repo:updated" | "repo:deleted" | "repo:transfer";
  readonly clientKey: string;
  readonly repository: {
    readonly uuid: string;
    readonly slug: string | undefined;
    readonly fullName: string | undefined;
    readonly projectKey: string | undefined;
  };
  readonly payload: unknown;
}

export interface WebhookService {
  /**
   * Keeps stored snapshots in step with the workspace and runs saved rules. Idempotent: Bitbucket retries deliveries, so a
   * repeated `repo:created` neither adds the repository twice nor starts a second rule job.
   * @throws the database's or Bitbucket's errors, so the delivery fails and Bitbucket tries again
   */
  handle(event: RepositoryEvent): Promise<void>;
}

const nameOf = (payload: unknown): string | undefined => {
  const body = payload as { data?: { repository?: { name?: unknown } }; repository?: { name?: unknown } } | null;
  const name = body?.data?.repository?.name ?? body?.repository?.name;
  return typeof name === "string" ? name : undefined;
};

/** Removes a repository and its explicit grants; null-safe for snapshots that never had it. */
const without = (s: AccessSnapshot, uuid: string): AccessSnapshot => ({
  ...s, repositories: s.repositories.filter((r) => r.uuid !== uuid), repositoryGrants: s.repositoryGrants.filter((g) => g.repositoryUuid !== uuid),
});
const withRepository = (s: AccessSnapshot, repository: SnapshotRepository, grants: readonly RepositoryGrant[]): AccessSnapshot => {
  const rest = without(s, repository.uuid);
  return {
    ...rest,
    repositories: [...rest.repositories, repository].sort((a, b) => a.slug.localeCompare(b.slug)),
    repositoryGrants: [...rest.repositoryGrants, ...grants],
  };
};

export function createWebhookService(deps: {
  db: Database; gateway: BitbucketGateway; snapshots: SnapshotStore; rules: RuleStore; jobs: JobStore;
  credentials: CredentialService; logger: EngineLogger;
}): WebhookService {
  const { db, gateway, snapshots, rules, jobs, credentials, logger } = deps;

  const removeEverywhere = async (clientKey: string, uuid: string): Promise<readonly RepositoryGrant[]> => {
    let grants: readonly RepositoryGrant[] = [];
    for (const projectKey of await snapshots.projectsWithRepository(clientKey, uuid)) {
      await snapshots.update(clientKey, projectKey, (s) => {
        grants = s.repositoryGrants.filter((g) => g.repositoryUuid === uuid);
        return without(s, uuid);
      });
    }
    return grants;
  };

  const runRules = async (clientKey: string, projectKey: string, repository: SnapshotRepository): Promise<void> => {
    const projectRules = await rules.listRules(clientKey, { projectKey });
    if (projectRules.length === 0) return;
    const already: unknown = await db.knex("job_items").join("jobs", "jobs.id", "job_items.job_id")
      .where({ "jobs.client_key": clientKey, "jobs.kind": "rule", "job_items.repository_uuid": repository.uuid }).first("jobs.id");
    if (already) return;
    const credential = await credentials.credentialOf(clientKey);
    const first = projectRules[0];
    const jobId = await jobs.createJob(clientKey, {
      kind: "rule", projectKey, createdBy: first?.createdBy ?? "rule",
      items: projectRules.map((r) => ({ target: "repository" as const, repository: { slug: repository.slug, uuid: repository.uuid }, principal: r.principal, before: "none" as const, after: r.level })),
      budgetKey: credential ? budgetKey(credential) : null,
      principal: projectRules.length === 1 && first ? first.principal : null,
      permission: projectRules.length === 1 && first ? first.level : null,
    });
    logger.info({ clientKey, projectKey, repositoryUuid: repository.uuid, jobId, rules: projectRules.length }, "Saved rules applied to a new repository");
  };

  const placeIn = async (clientKey: string, projectKey: string, repository: SnapshotRepository, grants: readonly RepositoryGrant[]) => {
    await snapshots.update(clientKey, projectKey, (s) => withRepository(s, repository, grants));
  };

  return {
    async handle(event) {
      const { clientKey, repository: r } = event;
      if (event.event === "repo:deleted" || event.event === "repo:transfer") {
        await removeEverywhere(clientKey, r.uuid);
        return;
      }
      if (event.event === "repo:created") {
        let projectKey = r.projectKey;
        let slug = r.slug;
        if (projectKey === undefined || slug === undefined) {
          const read = await gateway.read(clientKey, ({ api, workspace }) => getRepository(api, workspace, r.uuid));
          projectKey = read.project?.key;
          slug = read.slug ?? slug;
        }
        if (projectKey === undefined) return;
        const repository = { uuid: r.uuid, slug: slug ?? r.uuid, name: nameOf(event.payload) ?? slug ?? r.uuid };
        await placeIn(clientKey, projectKey, repository, []);
        await runRules(clientKey, projectKey, repository);
        return;
      }
      // repo:updated does not say whether the project changed (§3.9), so the repository is read again.
      let read;
      try {
        read = await gateway.read(clientKey, ({ api, workspace }) => getRepository(api, workspace, r.uuid));
      } catch (error) {
        if (!(error instanceof NotFound)) throw error;
        await removeEverywhere(clientKey, r.uuid);
        return;
      }
      const grants = await removeEverywhere(clientKey, r.uuid);
      const projectKey = read.project?.key;
      if (projectKey === undefined) return;
      const slug = read.slug ?? r.slug ?? r.uuid;
      await placeIn(clientKey, projectKey, { uuid: r.uuid, slug, name: read.name ?? slug }, grants);
    },
  };
}
