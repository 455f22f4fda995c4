import { planAction, type PlanItem } from "./plan";
import type { Principal } from "./principal";

/** A plan item bound to its principal: what a job stores and executes. */
export interface PrincipalItem extends PlanItem { readonly principal: Principal }

/** How an item of a job ended; `pending` covers anything not yet final (queued, leased). */
export type ItemOutcome = "done" | "failed" | "cancelled" | "pending";

export interface ExecutedItem extends Omit<PlanItem, "action"> {
  readonly principal: Principal;
  readonly outcome: ItemOutcome;
}

/**
 * The items that restore what a job changed: `after → before` for every item that was actually done. Failed,
 * cancelled and pending items changed nothing, so they have nothing to undo.
 * Items come back in reverse order so that, should one target appear twice, the earliest `before` is restored last.
 * The result is itself a job's items, so undoing an undo restores the original change.
 */
export const buildUndoItems = (executed: readonly ExecutedItem[]): PrincipalItem[] =>
  executed
    .filter((item) => item.outcome === "done" && item.before !== item.after)
    .reverse()
    .map((item) => ({
      target: item.target,
      repository: item.repository,
      principal: item.principal,
      before: item.after,
      after: item.before,
      action: planAction(item.after, item.before),
    }));
