import { confirm, requireConfirmable } from "../confirm";
import { sessionOf, type Command } from "../context";
import { EXIT } from "../errors";
import { writeLine } from "../io";
import { refuseIfUnfinished, reportRun, resolveJobId } from "../job-report";
import { runJob } from "../run-job";

/** `retry JOB`: a new job with a finished job's failed items (already approved once), run here. */
export const retryCommand: Command = async (ctx) => {
  const { runtime, io } = ctx;
  const source = await resolveJobId(ctx, ctx.positionals[0] ?? "");
  await refuseIfUnfinished(ctx);
  const session = await sessionOf(ctx);
  const jobId = await runtime.jobs.createRetryJob(runtime.tenant, source, { createdBy: session.actor.id, createdByName: session.actor.name, budgetKey: session.budgetKey });
  if (jobId === null) return EXIT.failure;
  writeLine(io.stderr, `Job ${jobId} retries the failed changes of job ${source}.`);
  return reportRun(ctx, await runJob(runtime, session, jobId), { sourceJobId: source });
};

/** `undo JOB`: asks, then runs a new job restoring every level the finished job changed. */
export const undoCommand: Command = async (ctx) => {
  const { runtime, io } = ctx;
  const source = await resolveJobId(ctx, ctx.positionals[0] ?? "");
  requireConfirmable(ctx);
  await refuseIfUnfinished(ctx);
  const session = await sessionOf(ctx);
  const view = await runtime.jobs.getJob(runtime.tenant, source, { items: "all" });
  const changed = view?.items.filter((i) => i.state === "done" && i.before !== i.after).length ?? 0;
  if (view && changed > 0 && !(await confirm(ctx, `Restore ${changed} grant${changed === 1 ? "" : "s"} that job ${source} changed in project ${view.projectKey}?`))) {
    writeLine(io.stderr, "Nothing was changed.");
    return EXIT.failure;
  }
  // The store refuses an unfinished job and a job that changed nothing (JobConflict, explained as exit 1).
  const jobId = await runtime.jobs.createUndoJob(runtime.tenant, source, { createdBy: session.actor.id, createdByName: session.actor.name, budgetKey: session.budgetKey });
  if (jobId === null) return EXIT.failure;
  writeLine(io.stderr, `Job ${jobId} undoes job ${source}.`);
  return reportRun(ctx, await runJob(runtime, session, jobId), { sourceJobId: source });
};
