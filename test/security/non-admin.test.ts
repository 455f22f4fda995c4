// Database-backed through ../integration/stack (test/helpers/test-database).
import type { ApiErrorBody, JobStarted, JobsResponse, Plan } from "../../src/shared/api-contract";
import { permissionWrites } from "../integration/sim-state";
import { startStack, type ApiAs, type Seed, type Stack } from "../integration/stack";
import { apiRouteTable, mountedApiRoutes, type ApiRoute } from "./api-routes";

const seed: Seed = (ws) => ws.withUser("pat").withGroup("developers", { members: ["alice"] })
  .withProject("PROJ", { repos: 3 }).withProject("OTHER", { repos: 1 })
  .withProjectGrant("PROJ", { user: "pat" }, "admin");

/** Authorisation on every /api route, table-driven over the routes the app really mounts. */
describe("Callers who administer nothing, or only another project", () => {
  let stack: Stack;
  let table: ApiRoute[];
  let member: ApiAs;
  let projectAdmin: ApiAs;

  beforeAll(async () => {
    stack = await startStack({ seed });
    const plan = async () => (await stack.owner.post("/api/projects/PROJ/plans", {
      principal: { type: "group", slug: "developers" }, permission: "read", scope: "repositories",
    }).expect(201)).body as Plan;
    const applied = await plan();
    const { jobId } = (await stack.owner.post(`/api/plans/${applied.id}/apply`).expect(202)).body as JobStarted;
    await stack.waitForJob(jobId);
    table = apiRouteTable({ projectKey: "PROJ", planId: (await plan()).id, jobId });
    member = await stack.as(stack.acme, stack.acme.memberUuid);
    projectAdmin = await stack.as(stack.acme, stack.acme.uuidOf("pat"));
  });
  afterAll(async () => { await stack.close(); });

  test("When the route table is compared with the app's router, then it names every mounted /api route", () => {
    expect(mountedApiRoutes(stack.app)).toEqual(table.map((r) => `${r.method} ${r.template}`).sort());
  });

  test("When a plain member calls every /api route, then each answers 403 NOT_AN_ADMIN with no data and nothing changes", async () => {
    const jobsBefore = ((await stack.owner.get("/api/jobs").expect(200)).body as JobsResponse).values.length;
    const writesBefore = permissionWrites(stack.sim).length;
    for (const route of table) {
      const res = await route.call(member);
      expect({ route: `${route.method} ${route.template}`, status: res.status }).toEqual({ route: `${route.method} ${route.template}`, status: 403 });
      const body = res.body as ApiErrorBody;
      expect(Object.keys(body).sort()).toEqual(["error", "traceId"]);
      expect(body.error.code).toBe("NOT_AN_ADMIN");
    }
    expect(((await stack.owner.get("/api/jobs").expect(200)).body as JobsResponse).values).toHaveLength(jobsBefore);
    expect(permissionWrites(stack.sim)).toHaveLength(writesBefore);
    expect((await stack.owner.get("/api/settings/credential").expect(200)).body).toMatchObject({ configured: true });
  });

  test("When a project admin calls a workspace-wide route, then 403; about another project, 403; about their own, allowed", async () => {
    for (const route of table.filter((r) => r.about === "workspace")) {
      expect({ route: route.template, method: route.method, status: (await route.call(projectAdmin)).status })
        .toEqual({ route: route.template, method: route.method, status: 403 });
    }
    for (const other of apiRouteTable({ projectKey: "OTHER", planId: "x", jobId: "x" }).filter((r) => r.about === "project")) {
      expect((await other.call(projectAdmin)).status).toBe(403);
    }
    await projectAdmin.get("/api/projects/PROJ/access").expect(200);
    await projectAdmin.get("/api/jobs?project=PROJ").expect(200);
    await projectAdmin.get("/api/audit?project=PROJ").expect(200);
  });
});
