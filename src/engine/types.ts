import type { Database } from "../db/database";
import type { OutcomePolicy } from "../jobs";
import type { RetryPolicy, ThrottleOptions } from "../bitbucket";

/** What the engine needs to know of an installation to call Bitbucket as it (the Connect JWT) and to name its workspace. */
export interface EngineInstallation {
  readonly clientKey: string;
  readonly sharedSecret: string;
  readonly workspaceUuid: string;
  /** Preferred in paths: the 1.0 group list takes the slug only (bitbucket-platform.md §1.7). */
  readonly workspaceSlug?: string | undefined;
}

/** The few log levels the engine uses; pino's logger fits. */
export interface EngineLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface EngineDeps {
  readonly db: Database;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  /** e.g. `https://api.bitbucket.org` or the simulator's URL (no `/2.0`). */
  readonly bitbucketApiBase: string;
  readonly fetch?: typeof globalThis.fetch;
  /** The 32-byte key that seals write credentials (src/crypto/secret-box.ts). */
  readonly secretKey: Buffer;
  /** The descriptor's key: the `iss` of the JWTs the app sends to Bitbucket. */
  readonly appKey: string;
  /** The installation behind a clientKey, or undefined when it is not (or no longer) installed. */
  readonly installationOf: (clientKey: string) => Promise<EngineInstallation | undefined>;
  readonly logger: EngineLogger;
  readonly tuning?: EngineTuning;
}

/** Knobs with production defaults; tests and benchmarks shrink the times. */
export interface EngineTuning {
  /** A stored snapshot older than this is read again when a page asks for it. Default 10 minutes. */
  readonly staleAfterMs?: number;
  /** The call budget's rolling window. Default one hour. */
  readonly budgetWindowMs?: number;
  /** Retry policy of the client inside a request (5xx, network). */
  readonly retry?: Partial<RetryPolicy>;
  readonly throttle?: ThrottleOptions;
  /** How the worker treats failures (backoff etc.); the engine adds its own stop codes. */
  readonly outcomePolicy?: Partial<OutcomePolicy>;
  /** Repositories whose grants a snapshot read fetches at once. Default 4. */
  readonly readConcurrency?: number;
  /**
   * How long a page request waits for a snapshot read before answering with its progress (202 `reading`, or the stored
   * snapshot with `refreshing`). Reads that end sooner answer as a plain read did. Default 10 seconds.
   */
  readonly interactiveWaitMs?: number;
  /** How long a background read waits after a 429 that names no time before sending the call again. Default 60 seconds. */
  readonly rateLimitedWaitMs?: number;
  /** Job results are written into the stored snapshot in batches of at most this many (default 200)… */
  readonly snapshotBatchItems?: number;
  /** …or this long after the batch's first result (default 1 second). */
  readonly snapshotBatchDelayMs?: number;
}
