import {
  createBitbucketClient, Forbidden, WriteCredentialRejected, type BitbucketApi, type BitbucketClient, type BitbucketCredential,
} from "../bitbucket";
import { createDbCallBudget, workspaceLimitsFromDb, type DbCallBudget } from "../jobs";
import { EngineError } from "./errors";
import type { EngineDeps, EngineInstallation } from "./types";

/** A Bitbucket view for one workspace: the API as some credential, and the workspace's path name. */
export interface WorkspaceApi {
  readonly api: BitbucketApi;
  /** The slug when known (the 1.0 group list needs it), else the `{uuid}`. */
  readonly workspace: string;
  readonly installation: EngineInstallation;
}

export interface BitbucketGateway {
  readonly budget: DbCallBudget;
  /**
   * Runs a read as the installation (Connect JWT). When Bitbucket answers 403 to the app and the workspace has an API token,
   * the read runs again as that token, and later reads of the workspace go straight to the token for an hour
   * (bitbucket-platform.md §1.8: whether the JWT may read permissions is unconfirmed).
   * @throws {EngineError} NOT_INSTALLED; the client's typed errors otherwise
   */
  read<T>(clientKey: string, work: (view: WorkspaceApi) => Promise<T>): Promise<T>;
  /** The API as an admin's token: writes in jobs (429 thrown at once so the item reschedules) or checks of a new token. */
  asToken(credential: Extract<BitbucketCredential, { kind: "api-token" }>, options?: { forJobs?: boolean }): BitbucketApi;
  /** @throws {EngineError} NOT_INSTALLED */
  installation(clientKey: string): Promise<EngineInstallation>;
}

const JWT_REFUSED_FOR_MS = 3_600_000;

/** Reads as the installation: scarce permission writes come from jobs, so reads may use a few requests at once. */
export function createBitbucketGateway(
  deps: EngineDeps,
  tokenOf: (clientKey: string) => Promise<Extract<BitbucketCredential, { kind: "api-token" }> | undefined>,
): BitbucketGateway {
  const { db, clock } = deps;
  const limits = workspaceLimitsFromDb(db);
  const budget = createDbCallBudget({
    db,
    clock,
    ...(deps.tuning?.budgetWindowMs === undefined ? {} : { windowMs: deps.tuning.budgetWindowMs }),
    callsPerHour: async (key) => (await limits(await clientKeyOfBudget(key))).callsPerHour,
  });
  // Which workspace a budget key spends: the installation's own, or the one whose write credential is that user's.
  const clientKeyOfBudget = async (key: string): Promise<string> => {
    if (key.startsWith("jwt:")) return key.slice("jwt:".length);
    const email = key.slice("user:".length);
    const row = await db.knex<{ client_key: string }>("write_credentials").whereRaw("lower(email) = ?", [email]).first("client_key");
    return row?.client_key ?? "";
  };
  const client: BitbucketClient = createBitbucketClient({
    baseUrl: deps.bitbucketApiBase,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    clock,
    budget,
    ...(deps.tuning?.retry ? { retry: deps.tuning.retry } : {}),
    ...(deps.tuning?.throttle ? { throttle: deps.tuning.throttle } : {}),
  });
  const jwtRefusedUntil = new Map<string, number>();

  const installation = async (clientKey: string): Promise<EngineInstallation> => {
    const found = await deps.installationOf(clientKey);
    if (!found) throw new EngineError("NOT_INSTALLED", "This workspace's installation is not known; reinstall the app");
    return found;
  };

  return {
    budget,
    installation,
    async read(clientKey, work) {
      const inst = await installation(clientKey);
      const workspace = inst.workspaceSlug ?? inst.workspaceUuid;
      const asToken = async (): Promise<BitbucketApi | undefined> => {
        const token = await tokenOf(clientKey);
        return token && client.as(token);
      };
      if ((jwtRefusedUntil.get(clientKey) ?? 0) > clock()) {
        const api = await asToken();
        if (api) return work({ api, workspace, installation: inst });
      }
      const jwt = client.as({ kind: "connect-jwt", appKey: deps.appKey, clientKey, sharedSecret: inst.sharedSecret });
      try {
        return await work({ api: jwt, workspace, installation: inst });
      } catch (error) {
        if (!(error instanceof Forbidden) || error instanceof WriteCredentialRejected) throw error;
        const api = await asToken();
        if (!api) throw error;
        deps.logger.info({ clientKey, path: error.path }, "Bitbucket refused a read to the app; reading with the workspace's API token");
        jwtRefusedUntil.set(clientKey, clock() + JWT_REFUSED_FOR_MS);
        return work({ api, workspace, installation: inst });
      }
    },
    asToken(credential, options = {}) {
      return options.forJobs === true ? client.as(credential, { retry: { retryRateLimited: false } }) : client.as(credential);
    },
  };
}
