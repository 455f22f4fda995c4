export interface EtaInputs {
  /** Items not finished yet; each costs one write call. */
  readonly remaining: number;
  readonly averageItemMs: number;
  readonly concurrency: number;
  readonly callsPerHour: number;
  /** Calls still free in the current window for the job's budget key. */
  readonly budgetAvailable: number;
  readonly windowMs: number;
}

/**
 * Seconds until a job finishes: its remaining items at the observed pace, spread over the workspace's concurrency, but
 * never faster than the budget lets the calls beyond what is still free in this window go out.
 */
export function etaSeconds(i: EtaInputs): number {
  if (i.remaining <= 0) return 0;
  const workMs = (i.remaining * i.averageItemMs) / Math.max(1, i.concurrency);
  const overBudget = Math.max(0, i.remaining - Math.max(0, i.budgetAvailable));
  const budgetMs = (overBudget * i.windowMs) / Math.max(1, i.callsPerHour);
  return Math.ceil(Math.max(workMs, budgetMs) / 1000);
}
