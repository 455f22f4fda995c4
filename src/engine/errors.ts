/**
 * What the engine refuses, as typed errors the hosts map to their own answers (the REST API to `ApiError`s, the CLI to
 * exit codes). Bitbucket's own failures stay the client's typed errors (src/bitbucket/errors.ts).
 */
export type EngineErrorCode =
  | "NOT_FOUND"
  | "NOT_INSTALLED"
  | "CREDENTIAL_REQUIRED"
  | "CREDENTIAL_REJECTED"
  | "CREDENTIAL_NOT_ADMIN";

export class EngineError extends Error {
  override readonly name = "EngineError";
  constructor(readonly code: EngineErrorCode, message: string) {
    super(message);
  }
}

export const notFound = (what: string): EngineError => new EngineError("NOT_FOUND", `${what} was not found in this workspace`);

export const credentialRequired = (): EngineError =>
  new EngineError(
    "CREDENTIAL_REQUIRED",
    "Bitbucket lets only a workspace admin's API token change permissions. Save one under Settings → Write credential first.",
  );

/** Thrown by the executor when a job runs after its workspace's credential was removed; the job stops with this reason. */
export class CredentialMissing extends Error {
  override readonly name = "CredentialMissing";
  readonly code = "credential_missing";
  readonly isRetryable = false;
  constructor() {
    super("no write credential is configured for this workspace any more; save one and retry the job");
  }
}

/**
 * Thrown where a snapshot is needed (planning) while the project's first read is still running in the background; the
 * REST API answers 409 `SNAPSHOT_READING` with the progress and when to try again.
 */
export class SnapshotReading extends Error {
  override readonly name = "SnapshotReading";
  readonly code = "snapshot_reading";
  constructor(
    readonly progress: { readonly done: number; readonly total: number },
    readonly retryAfterSeconds: number,
  ) {
    super(`Bitbucket is still being read for this project (${progress.done} of ${progress.total || "?"} repositories); try again in ${retryAfterSeconds} s`);
  }
}
