// Database-backed through ../integration/stack (test/helpers/test-database).
import fc from "fast-check";
import request from "supertest";
import type { JobsResponse } from "../../src/shared/api-contract";
import { permissionWrites } from "../integration/sim-state";
import { startStack, type Seed, type Stack } from "../integration/stack";

const seed: Seed = (ws) => ws.withGroup("developers", { members: ["alice"] }).withProject("FUZZ", { repos: 5 });

/** Strings an attacker reaches for, mixed with fast-check's own. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("../x", "..%2Fx", "x\u0000", "x\r\ny", "developers", "*", "**", "{a,b}", "[!a]", "", " ", "x".repeat(300), "__proto__", "constructor"),
);

describe("Fuzzing POST /api/projects/{key}/plans", () => {
  let stack: Stack;
  let auth: string;
  beforeAll(async () => {
    stack = await startStack({ seed });
    auth = `JWT ${(await stack.owner.get("/api/settings").expect(200)).headers["x-acpt"] as string}`;
    stack.sim.clearRequests();
  });
  afterAll(async () => { await stack.close(); });

  test("When generated bodies are posted, then no answer is a 5xx and Bitbucket sees no write", async () => {
    const principal = fc.oneof(
      fc.record({ type: fc.constantFrom("user", "group", "robot"), id: fc.oneof(nasty, fc.constant("{" + "0".repeat(8) + "-0000-0000-0000-" + "0".repeat(12) + "}")), slug: nasty }, { requiredKeys: ["type"] }),
      fc.constant({ type: "group", slug: "developers" }),
      nasty,
    );
    const body = fc.oneof(
      fc.record({
        principal,
        permission: fc.oneof(fc.constantFrom("read", "write", "create-repo", "admin", "none"), nasty),
        scope: fc.oneof(fc.constantFrom("project", "repositories", "both"), nasty),
        repositories: fc.record({ include: fc.array(nasty, { maxLength: 5 }), exclude: fc.array(nasty, { maxLength: 5 }) }, { requiredKeys: [] }),
        alsoForNewRepositories: fc.oneof(fc.boolean(), nasty),
        extra: nasty,
      }, { requiredKeys: [] }),
      fc.anything({ maxDepth: 3 }),
    );
    const statuses = new Map<number, number>();
    await fc.assert(fc.asyncProperty(body, async (b) => {
      const res = await request(stack.app).post("/api/projects/FUZZ/plans").set("Authorization", auth).set("Content-Type", "application/json")
        .send(b === undefined ? "null" : JSON.stringify(b));
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status).toBeLessThan(500);
      expect([201, 400]).toContain(res.status);
    }), { numRuns: 200, seed: 4242 });
    expect(statuses.get(400)).toBeGreaterThan(0);
    expect(permissionWrites(stack.sim)).toEqual([]);
    expect(((await stack.owner.get("/api/jobs").expect(200)).body as JobsResponse).values).toEqual([]);
  });
});
