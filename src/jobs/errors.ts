/** Why a job command cannot run now; the API answers 409 with this code. */
export type JobConflictCode = "JOB_NOT_FINISHED" | "NOTHING_TO_RETRY" | "NOTHING_TO_UNDO";

export class JobConflict extends Error {
  override readonly name = "JobConflict";
  constructor(readonly code: JobConflictCode, message: string) {
    super(message);
  }
}

/** A job item that contradicts itself (a repository target without a repository); the API answers 400. */
export class InvalidJobItem extends Error {
  override readonly name = "InvalidJobItem";
  readonly code = "INVALID_JOB_ITEM";
}
