import request from "supertest";
import { startHarness, LOCAL_BASE_URL, type Harness } from "./harness";

/** Scope strings Bitbucket Connect accepts (DOC dev.atl/cloud/bitbucket/bitbucket-cloud-rest-api-scopes); any other is rejected. */
const VALID_SCOPES = [
  "account", "account:write", "team", "team:write", "repository", "repository:write", "repository:admin", "repository:delete",
  "pullrequest", "pullrequest:write", "snippet", "snippet:write", "issue", "issue:write", "wiki", "email", "webhook",
  "pipeline", "pipeline:write", "pipeline:variable", "runner", "runner:write", "project", "project:admin",
];

interface Descriptor {
  key: string; name: string; description: string; baseUrl: string;
  vendor: { name: string; url: string };
  authentication: { type: string };
  lifecycle: { installed: string; uninstalled: string };
  contexts: string[];
  scopes: string[];
  modules: {
    adminPages: { key: string; name: { value: string }; url: string; location: string }[];
    configurePage: { key: string; name: { value: string }; url: string };
    webhooks: { event: string; url: string }[];
  };
}

describe("the descriptor", () => {
  let h: Harness;
  let d: Descriptor;
  beforeAll(async () => {
    h = await startHarness();
    const res = await request(h.app).get("/atlassian-connect.json").expect(200).expect("Content-Type", /application\/json/);
    d = res.body as Descriptor;
  });
  afterAll(async () => { await h.close(); });

  test("When Bitbucket fetches the descriptor, then it has the required fields, and baseUrl is AC_LOCAL_BASE_URL", () => {
    expect(d.key).toBe("project-access");
    expect(d.name).toBe("Project Access");
    expect(d.description.length).toBeGreaterThan(10);
    expect(d.vendor.name).not.toBe("");
    expect(d.vendor.url).toMatch(/^https:\/\//);
    expect(d.baseUrl).toBe(LOCAL_BASE_URL);
    expect(d.authentication).toEqual({ type: "jwt" });
    expect(d.lifecycle).toEqual({ installed: "/installed", uninstalled: "/uninstalled" });
    expect(d.contexts).toEqual(["account"]);
  });

  test("When the scopes are read, then each is a valid Bitbucket scope, none repeats, and none grants more than reading and admin reads", () => {
    expect(d.scopes.length).toBeGreaterThan(0);
    for (const scope of d.scopes) expect(VALID_SCOPES).toContain(scope);
    expect(new Set(d.scopes).size).toBe(d.scopes.length);
    expect(d.scopes.filter((s) => s.endsWith(":write") || s.endsWith(":delete"))).toEqual([]);
    expect(d.scopes.sort()).toEqual(["account", "project", "project:admin", "repository", "repository:admin"]);
  });

  test("When the modules are read, then the admin page, the configure page and one URL per webhook are there with valid keys", () => {
    const keys = [...d.modules.adminPages.map((p) => p.key), d.modules.configurePage.key];
    for (const key of keys) expect(key).toMatch(/^[a-zA-Z0-9-]{1,128}$/);
    expect(d.modules.adminPages).toEqual([{ key: "project-access-admin", name: { value: "Project access" }, url: "/access?workspace={workspace.slug}", location: "org.bitbucket.account.admin" }]);
    expect(d.modules.configurePage.name).toEqual({ value: "Settings" });
    expect(d.modules.configurePage.url).toMatch(/^\/configure/);
    expect(d.modules.webhooks.map((w) => w.event).sort()).toEqual(["repo:created", "repo:deleted", "repo:transfer", "repo:updated"]);
    const urls = d.modules.webhooks.map((w) => w.url);
    expect(new Set(urls).size).toBe(urls.length);
  });

  test("When each module URL is requested without a JWT, then a route exists and refuses it (401, not 404)", async () => {
    for (const url of ["/access", "/configure"]) await request(h.app).get(url).expect(401);
    for (const w of d.modules.webhooks) await request(h.app).post(w.url).send({}).expect(401);
    for (const url of [d.lifecycle.installed, d.lifecycle.uninstalled]) {
      const res = await request(h.app).post(url).send({});
      expect([400, 401]).toContain(res.status);
    }
  });

  test("When AC_LOCAL_BASE_URL is not set, then baseUrl falls back to localhost and the port", async () => {
    const local = await startHarness({}, { AC_LOCAL_BASE_URL: "", PORT: "4123" });
    try {
      const res = await request(local.app).get("/atlassian-connect.json").expect(200);
      const body = res.body as Descriptor;
      expect(body.baseUrl).toBe("http://localhost:4123");
    } finally {
      await local.close();
    }
  });
});
