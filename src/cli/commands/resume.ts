import { type Command } from "../context";
import { sessionOf } from "../context";
import { EXIT } from "../errors";
import { formatJob } from "../format";
import { writeLine } from "../io";
import { refuseIfUnfinished, reportRun, resolveJobId } from "../job-report";
import { CLI_LEASE_MS, isFinished, runJob } from "../run-job";

/** `resume JOB`: runs an interrupted job's remaining items; items a killed run held are taken over when its lease ends. */
export const resumeCommand: Command = async (ctx) => {
  const { runtime, io } = ctx;
  const id = await resolveJobId(ctx, ctx.positionals[0] ?? "");
  const job = await runtime.jobs.getJob(runtime.tenant, id, { items: "failed" });
  if (!job) return EXIT.failure;
  if (isFinished(job.state)) {
    if (runtime.settings.format === "json") io.stdout.write(`${JSON.stringify({ job, interrupted: false }, null, 2)}\n`);
    else writeLine(io.stdout, formatJob(job));
    writeLine(io.stderr, `Job ${id} has already finished (${job.state}); nothing to resume.`);
    return job.state === "succeeded" ? EXIT.ok : job.done > 0 ? EXIT.partial : EXIT.failure;
  }
  await refuseIfUnfinished(ctx, id);
  if (job.running > 0) {
    writeLine(io.stderr, `${job.running} change${job.running === 1 ? " was" : "s were"} in flight when the last run stopped; they resume once its lease ends (at most ${CLI_LEASE_MS / 1000} s).`);
  }
  writeLine(io.stderr, `Resuming job ${id}: ${job.pending + job.running} of ${job.total} changes left.`);
  return reportRun(ctx, await runJob(runtime, await sessionOf(ctx), id));
};
