import { readProjectSnapshot, type AccessSnapshot } from "../access";
import { listGroupsV1, listMembers, listProjects, BitbucketError, BudgetExhausted, RateLimited, type Project } from "../bitbucket";
import { realSleep, type Sleep } from "../bitbucket/timing";
import type { BitbucketGateway } from "./bitbucket-gateway";
import { budgetWaitingApi } from "./budget-waiting-api";
import { SnapshotReading } from "./errors";
import type { SnapshotStore, StoredSnapshot } from "./snapshot-store";

export interface PrincipalMatch {
  readonly type: "user" | "group";
  /** `{uuid}` for a user, the slug for a group. */
  readonly id: string;
  readonly name: string;
}

/** How far a background read of a project has got: repositories whose grants are read, of how many (0 until listed). */
export interface ReadProgress {
  readonly done: number;
  readonly total: number;
  /** Set while the read waits for the call budget: when it goes on. */
  readonly waitingUntilMs?: number;
}

/**
 * What the API can answer about a project's access right now: a stored snapshot (maybe stale, with the refresh that is
 * running), or "still reading" when there is none yet.
 */
export type SnapshotView =
  | { readonly state: "ready"; readonly stored: StoredSnapshot; readonly refreshing?: ReadProgress }
  | { readonly state: "reading"; readonly progress: ReadProgress; readonly retryAfterSeconds: number };

export interface AccessService {
  /** Every project of the workspace, sorted by key. @throws {BitbucketError} */
  listProjects(clientKey: string): Promise<Project[]>;
  /**
   * The project's access as the API shows it. A stored snapshot younger than `staleAfterMs` (and not left with unwritten job
   * results) is answered at once. Otherwise a read runs in the background (one per project; `refresh` forces it) and this
   * waits for it up to `interactiveWaitMs`, or until it has to wait for the call budget, whichever comes first: a small
   * read answers fresh as before, a big one answers the stored snapshot with `refreshing`, or `reading` without one.
   * The background read waits for the budget instead of failing, and never reads a repository twice (ADR 006).
   * @throws {NotFound} when the project does not exist, or what the read failed with (once, to the next caller)
   */
  view(clientKey: string, projectKey: string, options?: { refresh?: boolean }): Promise<SnapshotView>;
  /**
   * The project's snapshot for planning: `view`'s stored snapshot (fresh when the read finished in time).
   * @throws {SnapshotReading} when there is no stored snapshot yet and the read is still running; as `view` otherwise
   */
  snapshot(clientKey: string, projectKey: string, options?: { refresh?: boolean }): Promise<StoredSnapshot>;
  /**
   * Members and groups whose name, nickname or slug contains `query` (case-insensitive), at most `limit`. Groups come from
   * the 1.0 list, which may be unavailable: then `groupsUnavailable` says why, never "no groups".
   */
  searchPrincipals(clientKey: string, query: string, limit?: number): Promise<{ values: PrincipalMatch[]; groupsUnavailable?: { reason: string } }>;
}

const PICKER_CACHE_MS = 60_000;
/** A failed background read is told to the next caller within this time, then forgotten (the next request reads again). */
const FAILURE_KEPT_MS = 5 * 60_000;
/** How often a page should ask again while a read runs and is not waiting for the budget. */
const POLL_SECONDS = 2;
const MAX_POLL_SECONDS = 60;

export interface AccessServiceDeps {
  readonly gateway: BitbucketGateway;
  readonly store: SnapshotStore;
  readonly clock: () => number;
  readonly staleAfterMs: number;
  readonly readConcurrency: number;
  /** How long a request waits for a background read before answering with progress. */
  readonly interactiveWaitMs: number;
  /** A pending mark older than this means an instance died holding job results: the snapshot is stale. */
  readonly pendingGraceMs: number;
  readonly rateLimitedWaitMs: number;
  readonly sleep?: Sleep;
  /** Writes this process's queued job results into the stored snapshot before it is read. */
  readonly beforeGet?: (clientKey: string, projectKey: string) => Promise<void>;
}

interface ReadTask {
  readonly promise: Promise<StoredSnapshot>;
  progress: { done: number; total: number; waitingUntilMs?: number };
  /** Resolves when the read first has to wait for the budget: a request then answers at once instead of holding on. */
  readonly waiting: Promise<void>;
  settled: boolean;
}

export function createAccessService(deps: AccessServiceDeps): AccessService {
  const { gateway, store, clock } = deps;
  const sleep = deps.sleep ?? realSleep;
  // One read per project at a time: two pages opening the same project share it instead of spending the budget twice.
  const reading = new Map<string, ReadTask>();
  const failures = new Map<string, { error: unknown; atMs: number }>();
  const pickerCache = new Map<string, { atMs: number; users: PrincipalMatch[]; groups: PrincipalMatch[] | { reason: string } }>();
  const keyOf = (clientKey: string, projectKey: string): string => `${clientKey}\n${projectKey}`;

  const startRead = (clientKey: string, projectKey: string): ReadTask => {
    const key = keyOf(clientKey, projectKey);
    const running = reading.get(key);
    if (running) return running;
    let signalWaiting: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => { signalWaiting = resolve; });
    const progress: ReadTask["progress"] = { done: 0, total: 0 };
    const promise = (async (): Promise<StoredSnapshot> => {
      const snapshot: AccessSnapshot = await gateway.read(clientKey, ({ api, workspace }) => {
        const patient = budgetWaitingApi(api, {
          clock, sleep, rateLimitedWaitMs: deps.rateLimitedWaitMs, maxRateLimitedWaits: 10,
          onWait: (untilMs) => {
            if (untilMs === null) delete progress.waitingUntilMs;
            else { progress.waitingUntilMs = Math.max(progress.waitingUntilMs ?? 0, untilMs); signalWaiting(); }
          },
        });
        return readProjectSnapshot(patient, { workspace, projectKey }, clock, {
          concurrency: deps.readConcurrency,
          onProgress: (done, total) => { progress.done = done; progress.total = total; },
        });
      });
      await store.save(clientKey, snapshot);
      return { snapshot, asOfMs: snapshot.asOfMs };
    })();
    const task: ReadTask = { promise, progress, waiting, settled: false };
    reading.set(key, task);
    promise.then(
      () => { failures.delete(key); },
      (error: unknown) => { failures.set(key, { error, atMs: clock() }); },
    ).finally(() => { task.settled = true; reading.delete(key); });
    return task;
  };

  /** The read's result if it ends within the interactive wait and before it has to wait for the budget, else undefined. */
  const awaitBriefly = async (key: string, task: ReadTask): Promise<StoredSnapshot | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => { timer = setTimeout(() => { resolve(undefined); }, deps.interactiveWaitMs); });
    try {
      const result = await Promise.race([task.promise, timeout, task.waiting.then(() => undefined)]);
      return result;
    } catch (error) {
      // This caller hears of the failure; the next one reads again.
      failures.delete(key);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  const progressOf = (task: ReadTask): ReadProgress => ({
    done: task.progress.done, total: task.progress.total,
    ...(task.progress.waitingUntilMs === undefined ? {} : { waitingUntilMs: task.progress.waitingUntilMs }),
  });
  const retryAfterSeconds = (progress: ReadProgress): number => {
    if (progress.waitingUntilMs === undefined) return POLL_SECONDS;
    return Math.min(MAX_POLL_SECONDS, Math.max(1, Math.ceil((progress.waitingUntilMs - clock()) / 1000)));
  };

  const view = async (clientKey: string, projectKey: string, options: { refresh?: boolean } = {}): Promise<SnapshotView> => {
    const key = keyOf(clientKey, projectKey);
    const failure = failures.get(key);
    if (failure) {
      failures.delete(key);
      if (clock() - failure.atMs < FAILURE_KEPT_MS && !reading.has(key)) throw failure.error;
    }
    await deps.beforeGet?.(clientKey, projectKey);
    const stored = await store.get(clientKey, projectKey);
    const running = reading.get(key);
    const now = clock();
    const fresh = stored !== null && now - stored.asOfMs < deps.staleAfterMs
      && (stored.pendingSinceMs === undefined || now - stored.pendingSinceMs < deps.pendingGraceMs);
    if (stored && fresh && options.refresh !== true) {
      return running ? { state: "ready", stored, refreshing: progressOf(running) } : { state: "ready", stored };
    }
    const task = running ?? startRead(clientKey, projectKey);
    const result = await awaitBriefly(key, task);
    if (result) return { state: "ready", stored: result };
    const progress = progressOf(task);
    if (stored) return { state: "ready", stored, refreshing: progress };
    return { state: "reading", progress, retryAfterSeconds: retryAfterSeconds(progress) };
  };

  const pickerLists = async (clientKey: string) => {
    const cached = pickerCache.get(clientKey);
    if (cached && clock() - cached.atMs < PICKER_CACHE_MS) return cached;
    const fresh = await gateway.read(clientKey, async ({ api, workspace }) => {
      const members = await listMembers(api, workspace);
      const users = members.map((m) => ({ type: "user" as const, id: m.user.uuid, name: m.user.display_name ?? m.user.nickname ?? m.user.uuid, nickname: m.user.nickname }));
      let groups: PrincipalMatch[] | { reason: string };
      try {
        groups = (await listGroupsV1(api, workspace)).map((g) => ({ type: "group" as const, id: g.slug, name: g.name }));
      } catch (error) {
        if (!(error instanceof BitbucketError) || error instanceof BudgetExhausted || error instanceof RateLimited) throw error;
        groups = { reason: `Bitbucket's group list could not be read (${error.status ?? error.code}); type the group's slug instead` };
      }
      return { atMs: clock(), users, groups };
    });
    pickerCache.set(clientKey, fresh);
    return fresh;
  };

  return {
    async listProjects(clientKey) {
      const projects = await gateway.read(clientKey, ({ api, workspace }) => listProjects(api, workspace));
      return projects.sort((a, b) => a.key.localeCompare(b.key));
    },
    view,
    async snapshot(clientKey, projectKey, options = {}) {
      const answer = await view(clientKey, projectKey, options);
      if (answer.state === "ready") return answer.stored;
      throw new SnapshotReading(answer.progress, answer.retryAfterSeconds);
    },
    async searchPrincipals(clientKey, query, limit = 50) {
      const lists = await pickerLists(clientKey);
      const needle = query.trim().toLowerCase();
      const matches = (p: PrincipalMatch & { nickname?: string | undefined }) =>
        needle === "" || [p.name, p.id, p.nickname ?? ""].some((s) => s.toLowerCase().includes(needle));
      const groups = Array.isArray(lists.groups) ? lists.groups : [];
      const values = [...groups.filter(matches), ...lists.users.filter(matches)].slice(0, limit)
        .map(({ type, id, name }) => ({ type, id, name }));
      return Array.isArray(lists.groups) ? { values } : { values, groupsUnavailable: lists.groups };
    },
  };
}
