/**
 * The jobs layer reads src/bitbucket's errors structurally, restates its CallBudget and accepts the planner's plans through
 * minimal local interfaces; this test pins that the real classes and types still fit, so a change on either side shows up
 * here rather than in production.
 */
import type { CallBudget as ClientCallBudget } from "../bitbucket/budget";
import { BadRequest, BudgetExhausted, RateLimited, ServerError, WriteCredentialRejected } from "../bitbucket/errors";
import type { Plan } from "../access/plan";
import type { PrincipalItem } from "../access/undo";
import type { DbCallBudget } from "./db-call-budget";
import type { PlanLike } from "./plan-store";
import type { JobItemInput } from "./types";
import { decideOutcome } from "./outcome-policy";

const NOW = 1_000_000;
const first = { attempts: 1, retries: 0 };
const request = { method: "PUT", url: new URL("https://api.bitbucket.org/2.0/repositories/ws/api/permissions-config/groups/devs") };

describe("contract with the Bitbucket client and the planner", () => {
  test("When the client's own errors reach the worker, then each maps to the intended outcome", () => {
    expect(decideOutcome(new WriteCredentialRejected({ status: 403, message: "refused", request }), first, NOW).kind).toBe("stop-job");
    expect(decideOutcome(new BadRequest({ status: 400, message: "not a member", request }), first, NOW))
      .toEqual({ kind: "failed", error: { code: "BAD_REQUEST", message: "not a member" } });
    expect(decideOutcome(new BudgetExhausted({ message: "spent", budgetKey: "user:a", retryAtMs: NOW + 10 }), first, NOW))
      .toMatchObject({ kind: "retry", notBeforeMs: NOW + 10, counted: false });
    expect(decideOutcome(new RateLimited({ status: 429, message: "limit", retryAfterMs: 3000 }), first, NOW))
      .toMatchObject({ kind: "retry", notBeforeMs: NOW + 3000, counted: false });
    expect(decideOutcome(new ServerError({ status: 502, message: "bad gateway" }), first, NOW)).toMatchObject({ kind: "retry", counted: true });
  });

  test("When the database budget is handed to the client, then it is the client's CallBudget", () => {
    const fits = (b: DbCallBudget): ClientCallBudget => b;
    expect(typeof fits).toBe("function");
  });

  test("When the planner's plan and items are stored as a job, then their types fit without conversion", () => {
    const plans = (p: Plan): PlanLike => p;
    const items = (i: PrincipalItem): JobItemInput => i;
    expect([typeof plans, typeof items]).toEqual(["function", "function"]);
  });
});
