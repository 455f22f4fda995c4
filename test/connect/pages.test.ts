import request from "supertest";
import { createQueryStringHash, encodeSymmetric, SymmetricAlgorithm } from "atlassian-jwt";
import { aUserUuid, aWorkspace, nowSec, startHarness, type Harness, type Workspace } from "./harness";
import { codeOf } from "./responses";

const directive = (csp: string, name: string) => csp.split(";").map((d) => d.trim()).find((d) => d.startsWith(`${name} `));
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

describe("the page routes", () => {
  let h: Harness;
  let ws: Workspace;
  beforeAll(async () => {
    h = await startHarness();
    ws = aWorkspace("acme");
    await h.install(ws);
  });
  afterAll(async () => { await h.close(); });

  const open = (path: string, query: Record<string, string>) => request(h.app).get(path).query(query);

  test.each(["/access", "/configure"])("When %s is opened with a genuine JWT, then the shell loads the host script, its bundle and a session token", async (path) => {
    const query = { workspace: "acme" };
    const res = await open(path, { ...query, jwt: h.pageJwt(ws, path, query) }).expect(200);
    const page = path.slice(1);
    expect(res.text).toContain(`<script src="${h.config.hostScriptUrl}"`);
    expect(res.text).toContain(`<script src="/assets/${page}.js">`);
    const token = res.headers["x-acpt"] as string;
    expect(token).toMatch(/^eyJ/);
    expect(res.text).toContain(`<meta name="acpt" content="${token}">`);
    expect(res.text).toContain('data-workspace="acme"');
  });

  test("When /access carries ?project=KEY, then the page is told to open that project; a malformed key is dropped", async () => {
    const good = { workspace: "acme", project: "PROJ_1" };
    expect((await open("/access", { ...good, jwt: h.pageJwt(ws, "/access", good) }).expect(200)).text).toContain('data-project="PROJ_1"');
    const bad = { workspace: "acme", project: '"><script>' };
    const res = await open("/access", { ...bad, jwt: h.pageJwt(ws, "/access", bad) }).expect(200);
    expect(res.text).toContain('data-project=""');
    expect(res.text).not.toContain("<script>\"");
  });

  const q = { workspace: "acme" };
  const qsh = createQueryStringHash({ method: "GET", pathname: "/access", query: q });
  const claims = () => ({ iss: ws.clientKey, aud: ws.clientKey, sub: aUserUuid(), iat: nowSec(), exp: nowSec() + 180, qsh });
  const cases: [string, () => string | undefined][] = [
    ["no JWT", () => undefined],
    ["an expired JWT", () => encodeSymmetric({ ...claims(), iat: nowSec() - 600, exp: nowSec() - 300 }, ws.sharedSecret, SymmetricAlgorithm.HS256)],
    ["a JWT without exp", () => { const { exp: _exp, ...c } = claims(); return encodeSymmetric(c, ws.sharedSecret, SymmetricAlgorithm.HS256); }],
    ["a JWT signed with another secret", () => encodeSymmetric(claims(), "not-the-secret", SymmetricAlgorithm.HS256)],
    ["a JWT with a tampered payload", () => { const [hd, , sig] = encodeSymmetric(claims(), ws.sharedSecret, SymmetricAlgorithm.HS256).split("."); return `${hd}.${b64({ ...claims(), sub: "{admin}" })}.${sig}`; }],
    ["a JWT for another path (wrong qsh)", () => encodeSymmetric({ ...claims(), qsh: createQueryStringHash({ method: "GET", pathname: "/configure", query: q }) }, ws.sharedSecret, SymmetricAlgorithm.HS256)],
    ["a JWT for other query parameters (wrong qsh)", () => encodeSymmetric({ ...claims(), qsh: createQueryStringHash({ method: "GET", pathname: "/access", query: { workspace: "other" } }) }, ws.sharedSecret, SymmetricAlgorithm.HS256)],
    ["a JWT without qsh", () => { const { qsh: _q, ...c } = claims(); return encodeSymmetric(c, ws.sharedSecret, SymmetricAlgorithm.HS256); }],
    ['an "alg: none" JWT', () => `${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`],
    ["an HS512 JWT", () => encodeSymmetric(claims(), ws.sharedSecret, SymmetricAlgorithm.HS512)],
    ["a JWT of an unknown tenant", () => encodeSymmetric({ ...claims(), iss: "connection:unknown", aud: "connection:unknown" }, ws.sharedSecret, SymmetricAlgorithm.HS256)],
    ["garbage", () => "not.a.jwt"],
  ];
  test.each(cases)("When /access is opened with %s, then the answer is 401 and no session token", async (_name, token) => {
    const t = token();
    const res = await open("/access", t === undefined ? q : { ...q, jwt: t }).expect(401);
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
    expect(res.headers["x-acpt"]).toBeUndefined();
    expect(res.text).not.toContain(ws.sharedSecret);
  });

  test("When a browser opens a page without a JWT, then it gets the reason as a small HTML page", async () => {
    const res = await request(h.app).get("/access").set("Accept", "text/html").expect(401);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.text).toContain("no JWT");
  });

  describe("security headers", () => {
    test("When a page is served, then only Bitbucket may frame it, nothing is cached, and Express does not announce itself", async () => {
      const res = await open("/access", { ...q, jwt: h.pageJwt(ws, "/access", q) }).expect(200);
      const csp = res.headers["content-security-policy"] as string;
      expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors https://bitbucket.org");
      expect(csp).toContain(`script-src 'self' ${new URL(h.config.hostScriptUrl).origin}`);
      expect(csp).toContain("object-src 'none'");
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["referrer-policy"]).toBe("no-referrer");
      expect(res.headers["x-powered-by"]).toBeUndefined();
    });

    test("When any other answer is sent (an error, the descriptor), then it may not be framed and is not cached", async () => {
      for (const res of [await request(h.app).get("/access").expect(401), await request(h.app).get("/atlassian-connect.json").expect(200)]) {
        expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
        expect(res.headers["cache-control"]).toBe("no-store");
        expect(res.headers["x-powered-by"]).toBeUndefined();
      }
    });

    test("When the sandbox runs, then the simulator's origin may frame pages too", async () => {
      const sandbox = await startHarness({}, { NODE_ENV: "development", BITBUCKET_SANDBOX: "1" });
      try {
        const other = aWorkspace("sbx");
        await sandbox.install(other);
        const res = await request(sandbox.app).get("/access").query({ ...q, jwt: sandbox.pageJwt(other, "/access", q) }).expect(200);
        expect(directive(res.headers["content-security-policy"] as string, "frame-ancestors")).toBe(`frame-ancestors https://bitbucket.org ${sandbox.bitbucket.url}`);
      } finally {
        await sandbox.close();
      }
    });
  });
});
