import { aWorkspace } from "./seed/builder";
import { DEMO, demoFixture } from "./seed/demo";
import { basicHeader } from "./auth-headers";
import { startSimulator } from "./index";

test("When the demo fixture is built twice, then it is identical and has the promised shape", () => {
  const demo = demoFixture();
  expect(demoFixture()).toEqual(demo);
  const ws = demo.workspaces[0]!;
  expect(ws.projects.length).toBeGreaterThanOrEqual(3);
  expect(Math.max(...ws.projects.map((p) => ws.repositories.filter((r) => r.project === p.key).length))).toBeGreaterThanOrEqual(300);
  expect(ws.members.filter((m) => m.role === "member").length).toBeGreaterThanOrEqual(40);
  expect(ws.groups).toHaveLength(6);
  expect(ws.projects.flatMap((p) => p.grants ?? []).length).toBeGreaterThan(3);
  expect(ws.repositories.flatMap((r) => r.grants ?? []).length).toBeGreaterThan(3);
  expect(ws.members.filter((m) => m.role === "owner")).toHaveLength(1);
  expect(demo.apiTokens?.some((tk) => tk.email === DEMO.ownerEmail && tk.token === DEMO.ownerApiToken)).toBe(true);
});

test("When the builder gets a grant for an unknown project or repo, then it throws at build time", () => {
  expect(() => aWorkspace("x").withProjectGrant("NOPE", { user: "a" }, "read")).toThrow(/NOPE/);
  expect(() => aWorkspace("x").withRepoGrant("nope", { group: "g" }, "read")).toThrow(/nope/);
});

test("When 10,000 repositories are seeded, then seeding and paging one project by q stay fast", async () => {
  const fixture = aWorkspace("huge").withOwner("root").withUsers(50).withGroup("all", { members: ["user-01", "user-02"] })
    .withProject("BIG", { repos: 9_700 }).withProject("SMALL", { repos: 300 })
    .withProjectGrant("SMALL", { group: "all" }, "write").withApiToken("root", "rt").build();
  const started = performance.now();
  const sim = await startSimulator({ clock: { fake: true }, fixtures: [fixture] });
  try {
    const seedMs = performance.now() - started;
    const auth = basicHeader("root@huge.example", "rt");
    const pageStart = performance.now();
    let next: string | undefined = `${sim.url}/2.0/repositories/huge?q=project.key%3D%22SMALL%22&pagelen=100`;
    let count = 0;
    while (next !== undefined) {
      const res = await fetch(next, { headers: { Authorization: auth } });
      const body = (await res.json()) as { values: unknown[]; next?: string };
      count += body.values.length;
      next = body.next;
    }
    const all = await fetch(`${sim.url}/2.0/repositories/huge?pagelen=100&page=50`, { headers: { Authorization: auth } });
    expect(((await all.json()) as { size: number }).size).toBe(10_000);
    const pagingMs = performance.now() - pageStart;
    expect(count).toBe(300);
    expect(seedMs).toBeLessThan(2_000);
    expect(pagingMs).toBeLessThan(2_000);
  } finally {
    await sim.close();
  }
});
