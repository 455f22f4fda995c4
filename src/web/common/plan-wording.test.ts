import type { Plan } from "../../shared/api-contract";
import { jobWhat, planEstimateText, planHeadline, planSummaryText } from "./plan-wording";

const aPlan = (overrides: Partial<Plan> = {}): Plan => ({
  id: "p1",
  projectKey: "MOBILE",
  principal: { type: "group", slug: "contractors", name: "Contractors" },
  permission: "write",
  scope: "repositories",
  repositories: { include: ["mobile-*"] },
  alsoForNewRepositories: false,
  items: [],
  summary: { grant: 270, change: 3, revoke: 1, noop: 30 },
  warnings: [],
  estimate: { apiCalls: 274, seconds: 300 },
  ...overrides,
});

describe("plan wording", () => {
  test("When a plan grants a level, then the headline names the principal, level, scope and project", () => {
    expect(planHeadline(aPlan())).toBe("Give group Contractors Write on the matching repositories of MOBILE");
    expect(planHeadline(aPlan({ permission: "none", scope: "both" })))
      .toBe("Remove group Contractors from the project's own grant and the matching repositories of MOBILE");
    expect(planHeadline(aPlan({ repositories: undefined }))).toBe("Give group Contractors Write on every repository of MOBILE");
    expect(planHeadline(aPlan({ scope: "project", permission: "create-repo" }))).toBe("Give group Contractors Create repositories on the project's own grant of MOBILE");
  });

  test("When a plan has changes and no-ops, then the summary counts each with plurals", () => {
    expect(planSummaryText(aPlan())).toBe("270 grants, 3 changes and 1 revoke; 30 targets already as asked (no change).");
  });

  test("When nothing changes, then the summary says so", () => {
    expect(planSummaryText(aPlan({ summary: { grant: 0, change: 0, revoke: 0, noop: 1 } })))
      .toBe("Nothing to change; 1 target already as asked (no change).");
  });

  test("When the plan makes calls, then the estimate gives calls and time; with none, it says none are needed", () => {
    expect(planEstimateText(aPlan())).toBe("274 calls to Bitbucket, about 5 minutes at the current call budget.");
    expect(planEstimateText(aPlan({ estimate: { apiCalls: 0, seconds: 0 } }))).toBe("No calls to Bitbucket are needed.");
  });

  test("When describing jobs, then apply, undo and retry read in plain words", () => {
    const principal = { type: "user" as const, id: "{u1}", name: "Ana Lima" };
    expect(jobWhat({ kind: "apply", principal, permission: "admin", total: 2, sourceJobId: null })).toBe("user Ana Lima: Admin (2 targets)");
    expect(jobWhat({ kind: "apply", principal, permission: "none", total: 1, sourceJobId: null })).toBe("Remove user Ana Lima (1 target)");
    expect(jobWhat({ kind: "undo", principal: null, permission: null, total: 5, sourceJobId: "j9" })).toBe("Undo of job j9 (5 targets)");
  });
});
