import { createBitbucketClient, type BitbucketApi } from "../bitbucket/client";
import { BudgetExhausted, Forbidden, NotFound } from "../bitbucket/errors";
import { mapBounded } from "./bounded-map";
import { readProjectSnapshot } from "./snapshot-reader";

const API = "https://api.bitbucket.org";
const ANN = { type: "user", uuid: "{aaaaaaaa-0000-4000-8000-000000000001}", display_name: "Ann", account_id: "557058:a1" };
const OLGA = { type: "user", uuid: "{aaaaaaaa-0000-4000-8000-000000000002}", display_name: "Olga", account_id: "557058:a2" };
const repo = (slug: string) => ({ type: "repository", uuid: `{r-${slug}}`, slug, name: slug.toUpperCase() });
const page = (values: unknown[], next?: string) => ({ values, ...(next ? { next } : {}) });
const developers = { type: "group", slug: "developers", name: "Developers" };

/** A JSON body to answer with, or a function building the whole Response (for errors). */
type Route = unknown;

/** Bitbucket as a table of path → body, served through the real client (pagination and error mapping included). */
const fakeBitbucket = (overrides: Record<string, Route> = {}) => {
  const routes: Record<string, Route> = {
    "/2.0/workspaces/acme/projects/PROJ": { type: "project", key: "PROJ", uuid: "{p-1}", name: "Project", workspace: { type: "workspace", uuid: "{w-1}", slug: "acme" } },
    "/2.0/repositories/acme": page([repo("b-repo"), repo("a-repo")], `${API}/2.0/repositories/acme?page=2`),
    "/2.0/repositories/acme?page=2": page([repo("c-repo")]),
    "/2.0/workspaces/acme/projects/PROJ/permissions-config/users": page([{ type: "project_user_permission", permission: "create-repo", user: ANN }]),
    "/2.0/workspaces/acme/projects/PROJ/permissions-config/groups": page([{ type: "project_group_permission", permission: "read", group: developers }]),
    "/2.0/workspaces/acme/permissions": page([{ type: "workspace_membership", permission: "owner", user: OLGA }]),
    "/2.0/workspaces/acme/members": page([{ type: "workspace_membership", user: ANN }, { type: "workspace_membership", user: OLGA }]),
    "/1.0/groups/acme": [{ name: "Developers", slug: "developers", members: [{ uuid: ANN.uuid }] }],
    "/2.0/repositories/acme/a-repo/permissions-config/users": page([{ type: "repository_user_permission", permission: "admin", user: ANN }]),
    "/2.0/repositories/acme/a-repo/permissions-config/groups": page([{ type: "repository_group_permission", permission: "write", group: developers }]),
    "/2.0/repositories/acme/b-repo/permissions-config/users": page([{ type: "repository_user_permission", permission: "none", user: ANN }]),
    "/2.0/repositories/acme/b-repo/permissions-config/groups": page([]),
    "/2.0/repositories/acme/c-repo/permissions-config/users": page([]),
    "/2.0/repositories/acme/c-repo/permissions-config/groups": page([]),
    ...overrides,
  };
  let inFlight = 0;
  /** `maxInFlight` counts only the per-repository grant reads: the fan-out the bound is about. */
  const stats = { maxInFlight: 0, calls: [] as string[] };
  const fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    const key = url.searchParams.has("page") ? `${url.pathname}?page=${url.searchParams.get("page") ?? ""}` : url.pathname;
    stats.calls.push(key);
    const fanOut = key.startsWith("/2.0/repositories/acme/");
    if (fanOut) inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (fanOut) inFlight -= 1;
    const route = routes[key];
    if (typeof route === "function") return (route as () => Response)();
    if (route === undefined) return new Response(JSON.stringify({ type: "error", error: { message: "Not found" } }), { status: 404, headers: { "content-type": "application/json" } });
    return new Response(JSON.stringify(route), { status: 200, headers: { "content-type": "application/json" } });
  };
  const api: BitbucketApi = createBitbucketClient({ baseUrl: API, fetch, throttle: false, retry: false }).as({ kind: "api-token", email: "admin@example.com", apiToken: "t" });
  return { api, stats };
};

const status = (code: number, message = "Refused") => () =>
  new Response(JSON.stringify({ type: "error", error: { message } }), { status: code, headers: { "content-type": "application/json" } });

const read = (api: BitbucketApi, concurrency?: number) =>
  readProjectSnapshot(api, { workspace: "acme", projectKey: "PROJ" }, () => 1_234, concurrency === undefined ? {} : { concurrency });

describe("reading a project snapshot", () => {
  test("When every read succeeds, then the snapshot holds the project, sorted repositories, explicit grants, owners, members and groups", async () => {
    const { api } = fakeBitbucket();
    expect(await read(api)).toEqual({
      workspace: { uuid: "{w-1}", slug: "acme" },
      project: { key: "PROJ", uuid: "{p-1}", name: "Project" },
      asOfMs: 1_234,
      repositories: [
        { uuid: "{r-a-repo}", slug: "a-repo", name: "A-REPO" },
        { uuid: "{r-b-repo}", slug: "b-repo", name: "B-REPO" },
        { uuid: "{r-c-repo}", slug: "c-repo", name: "C-REPO" },
      ],
      projectGrants: [
        { principal: { type: "user", uuid: ANN.uuid, name: "Ann" }, level: "create-repo" },
        { principal: { type: "group", slug: "developers", name: "Developers" }, level: "read" },
      ],
      repositoryGrants: [
        { repositoryUuid: "{r-a-repo}", principal: { type: "user", uuid: ANN.uuid, name: "Ann" }, level: "admin" },
        { repositoryUuid: "{r-a-repo}", principal: { type: "group", slug: "developers", name: "Developers" }, level: "write" },
      ],
      workspaceAdmins: [{ uuid: OLGA.uuid, name: "Olga", accountId: "557058:a2" }],
      members: [
        { uuid: ANN.uuid, name: "Ann", accountId: "557058:a1" },
        { uuid: OLGA.uuid, name: "Olga", accountId: "557058:a2" },
      ],
      groups: [{ slug: "developers", name: "Developers", memberUuids: [ANN.uuid] }],
    });
  });

  test("When the 1.0 group list fails, then the snapshot records groupsUnavailable with the reason, never an empty list", async () => {
    const { api } = fakeBitbucket({ "/1.0/groups/acme": status(410, "Gone") });
    const snapshot = await read(api);
    expect(snapshot.groups).toBeUndefined();
    expect(snapshot.groupsUnavailable?.reason).toMatch(/HTTP 410/);
  });

  test("When the group list answers without members, then groups are unavailable rather than memberless", async () => {
    const { api } = fakeBitbucket({ "/1.0/groups/acme": [{ name: "Developers", slug: "developers" }] });
    expect((await read(api)).groupsUnavailable?.reason).toMatch(/without its members/);
  });

  test("When one repository's grants cannot be read, then the whole read throws and no snapshot is returned", async () => {
    const { api } = fakeBitbucket({ "/2.0/repositories/acme/b-repo/permissions-config/groups": status(403) });
    await expect(read(api)).rejects.toBeInstanceOf(Forbidden);
  });

  test("When the project does not exist, then it throws NotFound after one call", async () => {
    const { api, stats } = fakeBitbucket({ "/2.0/workspaces/acme/projects/PROJ": status(404) });
    await expect(read(api)).rejects.toBeInstanceOf(NotFound);
    expect(stats.calls).toHaveLength(1);
  });

  test("When the member list fails, then it throws (a missing member list is never 'no members')", async () => {
    const { api } = fakeBitbucket({ "/2.0/workspaces/acme/members": status(500, "Boom") });
    await expect(read(api)).rejects.toThrow();
  });

  test("When a repository grant has a level the model does not know, then the read throws", async () => {
    const { api } = fakeBitbucket({ "/2.0/repositories/acme/c-repo/permissions-config/users": page([{ type: "repository_user_permission", permission: "create-repo", user: ANN }]) });
    await expect(read(api)).rejects.toThrow(/create-repo/);
  });

  test("When many repositories are read, then at most `concurrency` repositories are read at once", async () => {
    const many = Array.from({ length: 30 }, (_, i) => repo(`r${i}`));
    const routes: Record<string, unknown> = { "/2.0/repositories/acme": page(many) };
    for (const r of many) {
      routes[`/2.0/repositories/acme/${r.slug}/permissions-config/users`] = page([]);
      routes[`/2.0/repositories/acme/${r.slug}/permissions-config/groups`] = page([]);
    }
    const { api, stats } = fakeBitbucket(routes);
    const snapshot = await read(api, 3);
    expect(snapshot.repositories).toHaveLength(30);
    expect(stats.calls.filter((call) => call.includes("permissions-config") && call.includes("/repositories/"))).toHaveLength(60);
    expect(stats.maxInFlight).toBe(3);
  });
});

describe("bounded map", () => {
  test("When the limit is 2, then no more than 2 calls run at once and results keep the input's order", async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  test("When a call fails, then no new calls start and the first error is thrown", async () => {
    const started: number[] = [];
    const failure = new BudgetExhausted({ message: "spent", budgetKey: "user:x", retryAtMs: 1 });
    await expect(
      mapBounded([1, 2, 3, 4, 5, 6], 1, (n) => {
        started.push(n);
        return n === 2 ? Promise.reject(failure) : Promise.resolve(n);
      }),
    ).rejects.toBe(failure);
    expect(started).toEqual([1, 2]);
  });
});
