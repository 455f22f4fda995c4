import { emit, type Command } from "../context";
import { EXIT } from "../errors";
import { describePlan, makePlan } from "./make-plan";

/** `plan PROJECT …`: prints the plan and saves it; nothing is changed. */
export const planCommand: Command = async (ctx) => {
  const stored = await makePlan(ctx, ctx.positionals[0] ?? "");
  const ws = ctx.runtime.settings.workspace;
  const text = await describePlan(ctx, stored);
  emit(ctx, { planId: stored.id, plan: stored.plan }, () => {
    return stored.plan.items.length === 0 ? text : `${text}\n\nApply it with: project-access apply --plan ${stored.id} --workspace ${ws}`;
  });
  return EXIT.ok;
};
