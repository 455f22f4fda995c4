import { budgetKey } from "../bitbucket";
import type { JobStore, JobView, RuleStore } from "../jobs";
import type { CredentialService } from "./credential-service";
import { credentialRequired, notFound } from "./errors";
import type { EngineActor } from "./plan-service";

export interface JobCommands {
  /** @throws {EngineError} NOT_FOUND */
  cancel(clientKey: string, jobId: string, actor: EngineActor): Promise<JobView>;
  /** A new `retry` job with the failed items. @throws {EngineError} NOT_FOUND, CREDENTIAL_REQUIRED; {JobConflict} */
  retry(clientKey: string, jobId: string, actor: EngineActor): Promise<string>;
  /**
   * A new `undo` job restoring every changed item's `before`; a rule the undone job saved is removed with it (undoing the
   * undo re-applies the grants but not the rule: save it again with a new plan).
   * @throws {EngineError} NOT_FOUND, CREDENTIAL_REQUIRED; {JobConflict}
   */
  undo(clientKey: string, jobId: string, actor: EngineActor): Promise<string>;
}

export function createJobCommands(deps: { jobs: JobStore; credentials: CredentialService; rules: RuleStore }): JobCommands {
  const { jobs, credentials, rules } = deps;

  // The job is looked up first, so another workspace's id answers 404 before anything else is said about it.
  const derive = async (clientKey: string, jobId: string, actor: EngineActor, kind: "retry" | "undo"): Promise<string> => {
    if (!(await jobs.getJob(clientKey, jobId, { items: "none" }))) throw notFound("The job");
    const credential = await credentials.credentialOf(clientKey);
    if (!credential) throw credentialRequired();
    const options = { createdBy: actor.id, createdByName: actor.name ?? null, budgetKey: budgetKey(credential) };
    const id = kind === "retry" ? await jobs.createRetryJob(clientKey, jobId, options) : await jobs.createUndoJob(clientKey, jobId, options);
    if (id === null) throw notFound("The job");
    if (kind === "undo") {
      for (const rule of await rules.listRules(clientKey)) if (rule.sourceJobId === jobId) await rules.deleteRule(clientKey, rule.id);
    }
    return id;
  };

  return {
    async cancel(clientKey, jobId, actor) {
      const job = await jobs.cancelJob(clientKey, jobId, actor.id);
      if (!job) throw notFound("The job");
      return job;
    },
    retry: (clientKey, jobId, actor) => derive(clientKey, jobId, actor, "retry"),
    undo: (clientKey, jobId, actor) => derive(clientKey, jobId, actor, "undo"),
  };
}
