// Database-backed through ./stack (test/helpers/test-database): .ci/run reruns this file on PostgreSQL.
import type { ProjectAccessResponse } from "../../src/shared/api-contract";
import { errorOf, startStack, type Stack } from "./stack";

describe("When Bitbucket refuses permission reads to the app (jwtMayReadPermissions=false)", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ seed: (ws) => ws.withProject("PROJ", { repos: 2 }).withProjectGrant("PROJ", { user: "alice" }, "write"), switches: { jwtMayReadPermissions: false }, worker: false });
  });
  afterAll(async () => { await stack.close(); });

  test("When a credential is saved, then the read falls back to the workspace's API token", async () => {
    stack.sim.clearRequests();
    const body = (await stack.owner.get("/api/projects/PROJ/access").expect(200)).body as ProjectAccessResponse;
    expect(body.principals.find((p) => p.principal.type === "user" && p.principal.id === stack.acme.memberUuid)?.projectPermission).toBe("write");
    const permissionReads = stack.sim.requests().filter((r) => r.path.includes("/permissions-config/"));
    expect(permissionReads.some((r) => r.authKind === "api-token" && r.status === 200)).toBe(true);
  });

  test("When no credential is saved, then the page hears that Bitbucket refused the read, not an empty list", async () => {
    await stack.owner.delete("/api/settings/credential").expect(204);
    const res = await stack.owner.get("/api/projects/PROJ/access?refresh=true").expect(502);
    expect(errorOf(res).code).toBe("BITBUCKET_UNAVAILABLE");
  });
});
