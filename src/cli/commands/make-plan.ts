import { buildPlan, readProjectSnapshot, type Plan } from "../../access";
import type { StoredPlan } from "../../jobs";
import { sessionOf, type CommandContext } from "../context";
import { formatPlan } from "../format";
import { planRequestFromFlags } from "../plan-flags";

/**
 * Validates the plan flags, reads the project's access from Bitbucket, plans and saves the plan (so `apply --plan ID`
 * executes exactly what was shown).
 * @throws {UsageError} for wrong flags, before any call; the client's typed errors for a failed read
 */
export async function makePlan(ctx: CommandContext, projectKey: string): Promise<StoredPlan<Plan>> {
  const request = planRequestFromFlags(ctx.values, ctx.spec.name);
  const { settings, io } = ctx.runtime;
  const session = await sessionOf(ctx);
  const snapshot = await readProjectSnapshot(session.api, { workspace: settings.workspace, projectKey }, io.clock, { concurrency: settings.concurrency });
  // The estimate starts from what this hour's window still allows (the read above spent part of it); writes are paced by
  // the budget only (runtime.ts sets no write spacing).
  const availableCalls = Math.max(0, settings.callsPerHour - await ctx.runtime.budget.used(session.budgetKey));
  const plan = buildPlan(snapshot, request, {
    callsPerHour: settings.callsPerHour, concurrency: settings.concurrency, availableCalls,
    writeLimiter: { maxConcurrent: settings.concurrency, minTimeMs: 0 },
  });
  return ctx.runtime.plans.savePlan(ctx.runtime.tenant, { plan, request, createdBy: session.actor.id });
}

/** The plan as text, with what is left of the call budget when a session knows whose budget it is. */
export async function describePlan(ctx: CommandContext, stored: StoredPlan<Plan>): Promise<string> {
  const { settings, budget } = ctx.runtime;
  const budgetUsed = ctx.session ? await budget.used((await ctx.session()).budgetKey) : undefined;
  return formatPlan(stored.plan, {
    planId: stored.id, callsPerHour: settings.callsPerHour, concurrency: settings.concurrency, ...(budgetUsed === undefined ? {} : { budgetUsed }),
  });
}
