import fc from "fast-check";
import { applyItemsToSnapshot } from "./apply-to-snapshot";
import { LEVELS, type GrantLevel, type RepositoryGrantLevel } from "./levels";
import { parsePlanRequest, type PlanRequest } from "./plan-request";
import { buildPlan } from "./planner";
import { principalKey, type Principal } from "./principal";
import { repositoryFilter } from "./repository-filter";
import type { AccessSnapshot } from "./snapshot";
import { indexSnapshot } from "./snapshot-index";
import { aGroup, aSnapshot, aUser } from "./test-builders";
import { buildUndoItems } from "./undo";

const ann = aUser("ann");
const developers = aGroup("developers");
const options = { callsPerHour: 900, concurrency: 2 };
const repositoryLevels = ["none", "read", "write", "admin"] as const;

/** The principal's own explicit grants, as a plain comparable object. */
const explicitState = (snapshot: AccessSnapshot, principal: Principal) => {
  const index = indexSnapshot(snapshot);
  const key = principalKey(principal);
  return {
    project: index.projectGrants.get(key) ?? "none",
    repositories: snapshot.repositories.map((repository) => index.repositoryGrantsByPrincipal.get(key)?.get(repository.uuid) ?? "none"),
  };
};

const scenario = fc.integer({ min: 0, max: 8 }).chain((repoCount) => {
  const slugs = Array.from({ length: repoCount }, (_, i) => `repo-${i}`);
  return fc.record({
    slugs: fc.constant(slugs),
    forGroup: fc.boolean(),
    workspaceAdmin: fc.boolean(),
    ownProject: fc.constantFrom(...LEVELS),
    ownRepositories: fc.array(fc.constantFrom(...repositoryLevels), { minLength: repoCount, maxLength: repoCount }),
    groupProject: fc.constantFrom(...LEVELS),
    groupRepositories: fc.array(fc.constantFrom(...repositoryLevels), { minLength: repoCount, maxLength: repoCount }),
    permission: fc.constantFrom(...LEVELS),
    scope: fc.constantFrom("project" as const, "repositories" as const, "both" as const),
    include: fc.option(fc.subarray([...slugs, "repo-*", "*-1"]), { nil: undefined }),
    exclude: fc.option(fc.subarray([...slugs, "repo-[0-3]"]), { nil: undefined }),
  });
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const setUp = (s: Scenario): { snapshot: AccessSnapshot; principal: Principal; request: PlanRequest } => {
  const builder = aSnapshot().withGroup("developers", ["ann"]);
  if (s.workspaceAdmin) builder.withWorkspaceAdmin("ann");
  for (const slug of s.slugs) builder.withRepo(slug);
  const principal = s.forGroup ? developers : ann;
  const other = s.forGroup ? ann : developers;
  const grant = (who: Principal, project: (typeof LEVELS)[number], repositories: readonly (typeof repositoryLevels)[number][]) => {
    if (project !== "none") builder.withProjectGrant(who, project satisfies GrantLevel);
    repositories.forEach((level, i) => {
      if (level !== "none") builder.withRepoGrant(s.slugs[i]!, who, level satisfies RepositoryGrantLevel);
    });
  };
  grant(principal, s.ownProject, s.ownRepositories);
  grant(other, s.groupProject, s.groupRepositories);
  const permission = s.scope === "project" ? s.permission : s.permission === "create-repo" ? "write" : s.permission;
  const repositories = s.scope === "project" ? undefined : { include: s.include, exclude: s.exclude };
  const body = { principal: s.forGroup ? { type: "group", slug: "developers" } : { type: "user", id: ann.uuid }, permission, scope: s.scope, ...(repositories ? { repositories } : {}) };
  const parsed = parsePlanRequest(body);
  if (!parsed.ok) throw new Error(`generated an invalid request: ${JSON.stringify(parsed.errors)}`);
  return { snapshot: builder.build(), principal, request: parsed.request };
};

describe("planner properties", () => {
  test("When a plan's items are applied, then the principal's explicit grants are the desired ones and nothing else changed", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { snapshot, principal, request } = setUp(s);
        const plan = buildPlan(snapshot, request, options);
        const after = applyItemsToSnapshot(snapshot, principal, plan.items);
        const before = explicitState(snapshot, principal);
        const matches = repositoryFilter(request.repositories);
        const inScope = (slug: string): boolean => request.scope !== "project" && matches(slug);
        const desired = explicitState(after, principal);
        expect(desired.project).toBe(request.scope === "repositories" ? before.project : request.permission);
        desired.repositories.forEach((level, i) => {
          const slug = snapshot.repositories[i]!.slug;
          expect(level).toBe(inScope(slug) ? request.permission : before.repositories[i]);
        });
        const other = principal.type === "user" ? developers : ann;
        expect(explicitState(after, other)).toEqual(explicitState(snapshot, other));
      }),
      { numRuns: 300 },
    );
  });

  test("When a plan has been applied, then planning the same request again is all noop", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { snapshot, principal, request } = setUp(s);
        const plan = buildPlan(snapshot, request, options);
        const again = buildPlan(applyItemsToSnapshot(snapshot, principal, plan.items), request, options);
        expect(again.items).toEqual([]);
        expect(again.summary).toEqual({ grant: 0, change: 0, revoke: 0, noop: plan.summary.grant + plan.summary.change + plan.summary.revoke + plan.summary.noop });
        expect(again.estimate.apiCalls).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  test("When a fully applied plan is undone, then the principal's explicit grants are back as they were", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { snapshot, principal, request } = setUp(s);
        const plan = buildPlan(snapshot, request, options);
        const applied = applyItemsToSnapshot(snapshot, principal, plan.items);
        const undo = buildUndoItems(plan.items.map((item) => ({ ...item, principal, outcome: "done" as const })));
        expect(explicitState(applyItemsToSnapshot(applied, principal, undo), principal)).toEqual(explicitState(snapshot, principal));
      }),
      { numRuns: 300 },
    );
  });
});
