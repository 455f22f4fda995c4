import { estimateRun, principalLabel, type Plan, type Principal } from "../access";
import type { JobSummary, JobView } from "../jobs";

/** Plain aligned columns; the last column is not padded. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}

/** `42s`, `3m 05s`, `1h 02m`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** `group developers` (the slug is what --principal takes) or `user Olivia Owner`. */
export const who = (p: Principal): string => (p.type === "group" ? `group ${p.slug}` : `user ${principalLabel(p)}`);

export const shortId = (id: string): string => id.slice(0, 8);

const ITEMS_SHOWN = 10;

/** The preview an admin approves: counts, the first changes, warnings and the estimate. */
export function formatPlan(plan: Plan, options: { planId: string; callsPerHour: number; concurrency: number; budgetUsed?: number }): string {
  const { summary } = plan;
  // Estimated with this run's budget and concurrency: a saved plan may be applied with other flags than it was made with.
  const estimate = estimateRun(plan.items.length, options);
  const where = plan.scope === "project" ? "the project (inherited by every repository)"
    : `${plan.matchedRepositories} repositor${plan.matchedRepositories === 1 ? "y" : "ies"}${plan.scope === "both" ? " and the project" : ""}`;
  const lines = [
    `Plan ${options.planId} for project ${plan.projectKey}, from access read at ${new Date(plan.snapshotAsOfMs).toISOString()}`,
    `  ${who(plan.principal)} → ${plan.permission} on ${where}`,
    "",
    `  grant      ${summary.grant}`,
    `  change     ${summary.change}`,
    `  revoke     ${summary.revoke}`,
    `  no change  ${summary.noop}`,
  ];
  if (plan.items.length > 0) {
    lines.push("");
    for (const item of plan.items.slice(0, ITEMS_SHOWN)) {
      const target = item.target === "project" ? `project ${plan.projectKey}` : (item.repository?.slug ?? "?");
      const mark = item.action === "grant" ? "+" : item.action === "revoke" ? "-" : "~";
      lines.push(`  ${mark} ${target}: ${item.before} → ${item.after}`);
    }
    if (plan.items.length > ITEMS_SHOWN) lines.push(`  … and ${plan.items.length - ITEMS_SHOWN} more (--format json lists every item)`);
  }
  if (plan.warnings.length > 0) {
    lines.push("", "Warnings:");
    for (const w of plan.warnings) lines.push(`  ! ${w.message}`);
  }
  lines.push(
    "",
    plan.items.length === 0
      ? "Nothing to change."
      : `${estimate.apiCalls} call${estimate.apiCalls === 1 ? "" : "s"}, about ${duration(estimate.seconds)} at ${options.callsPerHour} calls/hour and ${options.concurrency} at once.`,
  );
  if (options.budgetUsed !== undefined) {
    lines.push(`The call budget has ${Math.max(0, options.callsPerHour - options.budgetUsed)} of ${options.callsPerHour} calls left this hour (reading the project takes 2 per repository).`);
  }
  return lines.join("\n");
}

const counts = (j: JobSummary): string =>
  `${j.done} done, ${j.failed} failed, ${j.cancelled} cancelled, ${j.pending + j.running} remaining of ${j.total}`;

/** One job: what it is about, where it stands, why it stopped, and its failed items. */
export function formatJob(job: JobView): string {
  const about = job.principal ? `${who(job.principal)}${job.permission === null ? "" : ` → ${job.permission}`}` : "several principals";
  const lines = [
    `Job ${job.id} (${job.kind}) ${job.state}${job.cancelRequested && job.state !== "cancelled" ? " (cancel requested)" : ""}`,
    `  project ${job.projectKey}: ${about}`,
    `  by ${job.createdBy.name ?? job.createdBy.id}, created ${job.createdAt}${job.finishedAt === null ? "" : `, finished ${job.finishedAt}`}`,
    `  ${counts(job)}${job.etaSeconds === null ? "" : `, about ${duration(job.etaSeconds)} left`}`,
  ];
  if (job.sourceJobId !== null) lines.push(`  ${job.kind === "undo" ? "undoes" : "retries"} job ${job.sourceJobId}`);
  if (job.stopReason) lines.push(`  stopped: ${job.stopReason.message}`);
  const failed = job.items.filter((i) => i.state === "failed");
  if (failed.length > 0) {
    lines.push("", "Failed items:");
    for (const item of failed.slice(0, 50)) {
      const target = item.target === "project" ? `project ${job.projectKey}` : (item.repository?.slug ?? "?");
      lines.push(`  ${target}: ${item.before} → ${item.after}: ${item.error?.message ?? "failed"}`);
    }
    if (failed.length > 50) lines.push(`  … and ${failed.length - 50} more (--format json lists every item)`);
  }
  return lines.join("\n");
}

export const jobRow = (j: JobSummary): string[] => [
  j.id, j.kind, j.state, j.projectKey, j.principal ? who(j.principal) : "-", j.permission ?? "-", `${j.done}/${j.total}`,
  j.failed > 0 ? String(j.failed) : "-", j.createdAt,
];
export const JOB_HEADERS = ["ID", "KIND", "STATE", "PROJECT", "PRINCIPAL", "LEVEL", "DONE", "FAILED", "CREATED"];
