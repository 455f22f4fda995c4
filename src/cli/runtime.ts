import type { Plan } from "../access";
import {
  createBitbucketClient, getCurrentUser, type BitbucketApi,
} from "../bitbucket";
import { openDatabase, type Database } from "../db/database";
import {
  createAuditLog, createDbCallBudget, createJobStore, createPlanStore, fixedLimits, type AuditLog, type DbCallBudget, type JobStore, type PlanStore,
} from "../jobs";
import type { TokenCredential } from "./credentials";
import type { CliIo } from "./io";
import { tenantOf, type Settings } from "./settings";

/** The local side of a command: the database and the engine's stores over it, for one workspace. */
export interface Runtime {
  readonly settings: Settings;
  readonly io: CliIo;
  readonly db: Database;
  /** `cli:<workspace>`: the tenant key of this workspace's rows. */
  readonly tenant: string;
  readonly jobs: JobStore;
  readonly plans: PlanStore<Plan>;
  readonly audit: AuditLog;
  readonly budget: DbCallBudget;
  close(): Promise<void>;
}

/** The Bitbucket side: the admin's token, the account behind it, and the API as that token. */
export interface Session {
  readonly credential: TokenCredential;
  readonly budgetKey: string;
  /** Reads: 429 and 5xx are retried inside the request. */
  readonly api: BitbucketApi;
  /** Job writes: a 429 is thrown at once so the item reschedules, as in the app's worker. */
  readonly writeApi: BitbucketApi;
  readonly actor: { readonly id: string; readonly name: string };
}

const OPEN_ATTEMPTS = 12;

/**
 * Opens (and migrates) the database. Several runs opening a new database at once race in knex's migration lock (one
 * fails with "already exists" or "already locked"); the loser tries again once the winner has migrated.
 */
async function openWithRetry(url: string): Promise<Database> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openDatabase(url);
    } catch (error) {
      if (attempt >= OPEN_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 + 50 * attempt));
    }
  }
}

/** Opens the database; the caller closes the runtime. */
export async function openRuntime(settings: Settings, io: CliIo): Promise<Runtime> {
  const db = await openWithRetry(settings.dbUrl);
  const limits = fixedLimits({ concurrency: settings.concurrency, callsPerHour: settings.callsPerHour });
  return {
    settings,
    io,
    db,
    tenant: tenantOf(settings.workspace),
    jobs: createJobStore({ db, clock: io.clock, limits }),
    plans: createPlanStore<Plan>({ db, clock: io.clock }),
    audit: createAuditLog({ db }),
    // The same database-backed rolling-hour budget as the app: it holds across runs of this tool on one database.
    budget: createDbCallBudget({ db, clock: io.clock, callsPerHour: () => settings.callsPerHour }),
    close: () => db.close(),
  };
}

/**
 * Builds the client over the runtime's budget and checks the token with `GET /2.0/user`, so a wrong token fails before
 * anything else and the audit log can name the account.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-users/#api-user-get
 * @throws {Unauthorized} when Bitbucket does not accept the email and token
 */
export async function openSession(runtime: Runtime, credential: TokenCredential): Promise<Session> {
  const { settings, io } = runtime;
  const client = createBitbucketClient({
    baseUrl: settings.baseUrl,
    clock: io.clock,
    budget: runtime.budget,
    // Writes are paced by the budget and --concurrency; the app's one-write-per-second spacing is a server-wide guard.
    throttle: { read: { maxConcurrent: settings.concurrency }, write: { maxConcurrent: settings.concurrency, minTimeMs: 0 } },
  });
  const api = client.as(credential);
  const user = await getCurrentUser(api);
  return {
    credential,
    budgetKey: api.budgetKey,
    api,
    writeApi: client.as(credential, { retry: { retryRateLimited: false } }),
    actor: { id: user.uuid, name: user.display_name ?? user.nickname ?? credential.email },
  };
}
