import { CliFailure, EXIT, type ExitCode } from "./errors";
import { WRITE_REFUSED_HINT } from "./explain";
import { formatJob } from "./format";
import { writeLine } from "./io";
import type { CommandContext } from "./context";
import type { JobRun } from "./run-job";

/** The exit code of a job that has ended or stopped: 3 when it changed some of what it set out to, 1 when nothing. */
export const jobExitCode = (run: JobRun): ExitCode => {
  const { job } = run;
  if (!run.interrupted && job.state === "succeeded") return EXIT.ok;
  return job.done > 0 ? EXIT.partial : EXIT.failure;
};

/**
 * Prints how a run ended: the job (or `{ ...extra, job }` as JSON) on stdout, and on stderr what to do next.
 * Returns the exit code.
 */
export function reportRun(ctx: CommandContext, run: JobRun, extra: Record<string, unknown> = {}): ExitCode {
  const { io, runtime } = ctx;
  const { job } = run;
  const ws = `--workspace ${runtime.settings.workspace}`;
  if (runtime.settings.format === "json") io.stdout.write(`${JSON.stringify({ ...extra, job, interrupted: run.interrupted }, null, 2)}\n`);
  else writeLine(io.stdout, formatJob(job));

  const code = jobExitCode(run);
  if (run.interrupted) {
    writeLine(io.stderr, `Stopped: ${job.done} of ${job.total} changes made. Continue with: project-access resume ${job.id} ${ws}`);
  } else if (job.state === "succeeded") {
    writeLine(io.stderr, `Done. Undo with: project-access undo ${job.id} ${ws}`);
  } else if (job.stopReason) {
    const refused = /refused this credential|403/.test(job.stopReason.message);
    writeLine(io.stderr, `error: ${job.stopReason.message}`);
    if (refused) writeLine(io.stderr, WRITE_REFUSED_HINT.replace("JOB", job.id));
  } else if (job.failed > 0) {
    writeLine(io.stderr, `${job.failed} change${job.failed === 1 ? "" : "s"} failed (reasons above). Run them again with: project-access retry ${job.id} ${ws}`);
  }
  return code;
}

/** Creating a job while another of the workspace is unfinished would let one run do both: resume or cancel it first. */
export async function refuseIfUnfinished(ctx: CommandContext, except?: string): Promise<void> {
  const { runtime } = ctx;
  const open = (await runtime.jobs.listJobs(runtime.tenant, { limit: 500 }))
    .find((j) => (j.state === "queued" || j.state === "running") && j.id !== except);
  if (open) {
    throw new CliFailure(
      `Job ${open.id} of this workspace is unfinished (${open.pending + open.running} of ${open.total} changes left).`,
      EXIT.failure,
      `Continue it with \`project-access resume ${open.id}\` or stop it with \`project-access cancel ${open.id}\`, then try again.`,
    );
  }
}

/** A job id, or an unambiguous prefix of one (as `jobs` lists them). @throws {CliFailure} */
export async function resolveJobId(ctx: CommandContext, idOrPrefix: string): Promise<string> {
  const { runtime } = ctx;
  if (await runtime.jobs.getJob(runtime.tenant, idOrPrefix, { items: "none" })) return idOrPrefix;
  const matches = idOrPrefix.length >= 4
    ? (await runtime.jobs.listJobs(runtime.tenant, { limit: 500 })).filter((j) => j.id.startsWith(idOrPrefix.toLowerCase()))
    : [];
  const [only, second] = matches;
  if (only && !second) return only.id;
  throw new CliFailure(
    second ? `"${idOrPrefix}" matches several jobs; give more of the id` : `No job "${idOrPrefix}" in ${runtime.settings.dbUrl.replace(/^sqlite:/, "")} for workspace ${runtime.settings.workspace}`,
  );
}
