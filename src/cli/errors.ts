/**
 * How the command line ends: conventional exit codes, and the two errors commands throw to choose one.
 * Everything else (Bitbucket's typed errors, job conflicts) is explained by `explain` in explain.ts.
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, partial: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A command line that cannot run as given: exit 2 with a one-line reason (and an optional hint on the next line). */
export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** A command that ran and failed for a reason the user can act on: exit 1 (or 3) with this text. */
export class CliFailure extends Error {
  override readonly name = "CliFailure";
  constructor(message: string, readonly exitCode: ExitCode = EXIT.failure, readonly hint?: string) {
    super(message);
  }
}
