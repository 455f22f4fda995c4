import type { Level } from "../../access/levels";
import type { Principal } from "../../access/principal";
import type { Clock } from "../clock";
import type { JobItemInput, NewJob } from "../types";
import type { ItemExecutor } from "../worker";
import type { WorkItem, WorkJob } from "../work-item";

export const TENANT = "client-a";
export const OTHER_TENANT = "client-b";
export const CONTRACTORS: Principal = { type: "group", slug: "contractors", name: "Contractors" };

/** A clock that only moves when told to. */
export interface FakeClock { readonly now: Clock; advance(ms: number): void; set(ms: number): void }
export function fakeClock(startMs = 1_700_000_000_000): FakeClock {
  let t = startMs;
  return { now: () => t, advance: (ms) => { t += ms; }, set: (ms) => { t = ms; } };
}

export const repoItem = (n: number, before: Level = "none", after: Level = "write", principal: Principal = CONTRACTORS): JobItemInput => ({
  target: "repository", repository: { slug: `repo-${n}`, uuid: `{uuid-${n}}` }, principal, before, after,
});

export const projectItem = (before: Level, after: Level, principal: Principal = CONTRACTORS): JobItemInput => ({
  target: "project", repository: null, principal, before, after,
});

export function aJob(items: readonly JobItemInput[], overrides: Partial<NewJob> = {}): NewJob {
  return { kind: "apply", projectKey: "MOBILE", items, createdBy: "{admin-uuid}", createdByName: "Ada Admin", budgetKey: "user:ada@example.com", ...overrides };
}

export interface Execution { readonly item: WorkItem; readonly job: WorkJob }

/** An executor that records every execution and answers with `behaviour` (resolve to succeed, throw to fail). */
export function recordingExecutor(behaviour: (item: WorkItem, job: WorkJob) => Promise<void> = () => Promise.resolve()): ItemExecutor & { executions: Execution[] } {
  const executions: Execution[] = [];
  return {
    executions,
    async execute(item, job) {
      executions.push({ item, job });
      await behaviour(item, job);
    },
  };
}

/** Errors shaped like src/bitbucket's typed errors (read structurally by the outcome policy). */
export class FakeBitbucketError extends Error {
  constructor(readonly code: string, readonly isRetryable: boolean, message: string, readonly status?: number, readonly retryAtMs?: number) {
    super(message);
  }
}
export const serverError = (): FakeBitbucketError => new FakeBitbucketError("server_error", true, "Bitbucket answered 503", 503);
export const rateLimited = (): FakeBitbucketError => new FakeBitbucketError("rate_limited", true, "Rate limit for this resource has been exceeded", 429);
export const budgetExhausted = (retryAtMs: number): FakeBitbucketError => new FakeBitbucketError("budget_exhausted", true, "The call budget is spent", undefined, retryAtMs);
export const badRequest = (message: string): FakeBitbucketError => new FakeBitbucketError("bad_request", false, message, 400);
export const credentialRejected = (): FakeBitbucketError =>
  new FakeBitbucketError("write_credential_rejected", false, "Bitbucket refused this credential for permission changes (PUT answered 403)", 403);

/** A promise with its resolve and reject exposed, to hold an execution open. */
export function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

/** Polls `check` on real time until it holds; for tests that run a started worker. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
