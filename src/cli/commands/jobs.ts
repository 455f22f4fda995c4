import { intOption, stringOption } from "../args";
import { emit, type Command } from "../context";
import { EXIT } from "../errors";
import { formatJob, JOB_HEADERS, jobRow, table } from "../format";
import { resolveJobId } from "../job-report";

/** `jobs`: recent jobs of the workspace, newest first. */
export const jobsCommand: Command = async (ctx) => {
  const { runtime } = ctx;
  const projectKey = stringOption(ctx.values, "project");
  const jobs = await runtime.jobs.listJobs(runtime.tenant, { limit: intOption(ctx.values, "limit", 20, 1, 500), ...(projectKey === undefined ? {} : { projectKey }) });
  emit(ctx, { jobs }, () => (jobs.length === 0 ? "No jobs yet." : table(JOB_HEADERS, jobs.map(jobRow))));
  return EXIT.ok;
};

/** `job ID`: one job; JSON lists every item, the text its failed ones. */
export const jobCommand: Command = async (ctx) => {
  const { runtime } = ctx;
  const id = await resolveJobId(ctx, ctx.positionals[0] ?? "");
  const job = await runtime.jobs.getJob(runtime.tenant, id, { items: runtime.settings.format === "json" ? "all" : "failed" });
  if (job) emit(ctx, { job }, () => formatJob(job));
  return EXIT.ok;
};

/** `cancel JOB`: its pending items become cancelled; a run in progress finishes the calls in flight and ends. */
export const cancelCommand: Command = async (ctx) => {
  const { runtime } = ctx;
  const id = await resolveJobId(ctx, ctx.positionals[0] ?? "");
  const job = await runtime.jobs.cancelJob(runtime.tenant, id, "project-access cli");
  if (job) emit(ctx, { job }, () => formatJob(job));
  return EXIT.ok;
};
