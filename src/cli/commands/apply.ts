import type { Plan } from "../../access";
import { jobItemsOfPlan, type StoredPlan } from "../../jobs";
import { stringOption } from "../args";
import { confirm, requireConfirmable } from "../confirm";
import { humanStream, sessionOf, type Command, type CommandContext } from "../context";
import { CliFailure, EXIT, UsageError } from "../errors";
import { writeLine } from "../io";
import { refuseIfUnfinished, reportRun } from "../job-report";
import { runJob } from "../run-job";
import { describePlan, makePlan } from "./make-plan";

const PLAN_FLAGS = ["principal", "permission", "scope", "include", "exclude"];

/** A saved plan, unless a job already applied it: then a finished job means "plan again", an unfinished one "resume it". */
async function savedPlan(ctx: CommandContext, planId: string): Promise<StoredPlan<Plan>> {
  if (ctx.positionals.length > 0 || PLAN_FLAGS.some((f) => ctx.values[f] !== undefined)) {
    throw new UsageError("--plan applies a saved plan: give no PROJECT, --principal, --permission, --scope, --include or --exclude with it");
  }
  const { runtime } = ctx;
  const stored = await runtime.plans.getPlan(runtime.tenant, planId);
  if (!stored) throw new CliFailure(`No plan ${planId} for workspace ${runtime.settings.workspace} in this database`);
  const job = (await runtime.jobs.listJobs(runtime.tenant, { limit: 500 })).find((j) => j.planId === planId);
  if (job) {
    throw new CliFailure(
      `Plan ${planId} was already applied by job ${job.id} (${job.state}).`,
      EXIT.failure,
      job.state === "queued" || job.state === "running" ? `Continue it with \`project-access resume ${job.id}\`.` : "Make a new plan: access may have changed since.",
    );
  }
  return stored;
}

/** `apply PROJECT …` or `apply --plan ID`: shows the plan, asks, then runs the job here. */
export const applyCommand: Command = async (ctx) => {
  const { runtime, io } = ctx;
  const planId = stringOption(ctx.values, "plan");
  if (planId === undefined && ctx.positionals.length === 0) throw new UsageError("`apply` needs PROJECT and the plan flags, or --plan ID (see `project-access apply --help`)");
  // Everything that can refuse without Bitbucket does so before the read, which costs two calls per repository.
  requireConfirmable(ctx);
  await refuseIfUnfinished(ctx);
  const stored = planId === undefined ? await makePlan(ctx, ctx.positionals[0] ?? "") : await savedPlan(ctx, planId);
  const { plan } = stored;
  const out = humanStream(ctx);
  writeLine(out, await describePlan(ctx, stored));
  if (plan.items.length === 0) {
    if (runtime.settings.format === "json") io.stdout.write(`${JSON.stringify({ planId: stored.id, plan, job: null }, null, 2)}\n`);
    return EXIT.ok;
  }
  writeLine(out);
  if (!(await confirm(ctx, `Apply ${plan.items.length} change${plan.items.length === 1 ? "" : "s"} to project ${plan.projectKey} in ${runtime.settings.workspace}?`))) {
    writeLine(io.stderr, `Nothing was changed. The plan is saved: project-access apply --plan ${stored.id} --workspace ${runtime.settings.workspace}`);
    return EXIT.failure;
  }
  const session = await sessionOf(ctx);
  const jobId = await runtime.jobs.createJob(runtime.tenant, {
    kind: "apply", projectKey: plan.projectKey, items: jobItemsOfPlan(plan), createdBy: session.actor.id, createdByName: session.actor.name,
    planId: stored.id, budgetKey: session.budgetKey, principal: plan.principal, permission: plan.permission,
  });
  writeLine(io.stderr, `Job ${jobId}: ${plan.items.length} changes stored; Ctrl-C stops, \`project-access resume ${jobId}\` continues.`);
  return reportRun(ctx, await runJob(runtime, session, jobId), { planId: stored.id, plan });
};
