import {
  BitbucketError, BudgetExhausted, Forbidden, NetworkError, NotFound, PaginationLimitError, RateLimited, SeatLimit, Timeout,
  Unauthorized, WriteCredentialRejected,
} from "../bitbucket";
import { JobConflict } from "../jobs";
import { CliFailure, EXIT, UsageError, type ExitCode } from "./errors";

export interface Explanation {
  readonly exitCode: ExitCode;
  readonly message: string;
  readonly hint?: string;
}

/** What an admin can do about a refused write: Bitbucket accepts permission changes only from a workspace admin's token. */
export const WRITE_REFUSED_HINT =
  "Bitbucket accepts permission changes only from a workspace admin's API token with the scopes admin:project:bitbucket, " +
  "admin:repository:bitbucket, write:permission:bitbucket and delete:permission:bitbucket. Fix the token, then `project-access retry JOB`.";

const at = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

const where = (e: BitbucketError): string => (e.method !== undefined && e.path !== undefined ? ` to ${e.method} ${e.path}` : "");

/** Bitbucket's typed errors in plain words, with what to do next. */
function explainBitbucket(e: BitbucketError): Explanation {
  const said = e.bitbucketMessage === undefined ? "" : `: ${e.bitbucketMessage}`;
  if (e instanceof Unauthorized) {
    return { exitCode: EXIT.failure, message: `Bitbucket did not accept the email and API token (401)${where(e)}.`, hint: "Check BITBUCKET_EMAIL (or --email) and the token, and that the token has not expired or been revoked." };
  }
  if (e instanceof WriteCredentialRejected) return { exitCode: EXIT.failure, message: e.message, hint: WRITE_REFUSED_HINT };
  if (e instanceof Forbidden) {
    return { exitCode: EXIT.failure, message: `Bitbucket refused this API token (403)${where(e)}${said}.`, hint: "Reading and changing permissions needs a workspace admin's token with the admin:project:bitbucket and admin:repository:bitbucket scopes." };
  }
  if (e instanceof NotFound) return { exitCode: EXIT.failure, message: `Bitbucket answered 404${where(e)}${said}.`, hint: "Check --workspace, the project key and the principal." };
  if (e instanceof SeatLimit) return { exitCode: EXIT.failure, message: `Bitbucket refused: the workspace's plan has no seat left for this user (402)${said}.` };
  if (e instanceof BudgetExhausted) {
    return { exitCode: EXIT.failure, message: `The call budget for ${e.budgetKey} is spent until ${at(e.retryAtMs)}.`, hint: "Try again then, or raise --budget (Bitbucket allows about 1,000 calls per hour per user)." };
  }
  if (e instanceof RateLimited) return { exitCode: EXIT.failure, message: `Bitbucket's rate limit is reached (429)${where(e)}.`, hint: "Its limit is about 1,000 calls per rolling hour per user; try again later." };
  if (e instanceof NetworkError || e instanceof Timeout) return { exitCode: EXIT.failure, message: `Could not reach Bitbucket${where(e)}: ${e.message}` };
  if (e instanceof PaginationLimitError) return { exitCode: EXIT.failure, message: `A Bitbucket list did not end (${e.reason})${where(e)}; nothing was changed.` };
  return { exitCode: EXIT.failure, message: `Bitbucket answered ${e.status ?? e.code}${where(e)}${said === "" ? `: ${e.message}` : said}.` };
}

/** Any error a command throws, as the exit code and the lines for stderr. Never prints a stack or a secret. */
export function explain(error: unknown): Explanation {
  if (error instanceof UsageError) return { exitCode: EXIT.usage, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  if (error instanceof CliFailure) return { exitCode: error.exitCode, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  if (error instanceof BitbucketError) return explainBitbucket(error);
  if (error instanceof JobConflict) return { exitCode: EXIT.failure, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT.failure, message: `Unexpected error: ${message}` };
}
