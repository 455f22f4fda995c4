import request from "supertest";
import { createQueryStringHash, encodeSymmetric, SymmetricAlgorithm } from "atlassian-jwt";
import { WebhookEvents, type RepoWebhookEvent } from "../../src/connect/webhooks";
import { aUserUuid, aWorkspace, nowSec, startHarness, type Harness, type Workspace } from "../connect/harness";
import { codeOf } from "../connect/responses";

const APP_KEY = "project-access";
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
const hs256 = (claims: object, secret: string) => encodeSymmetric(claims, secret, SymmetricAlgorithm.HS256);

/**
 * The JWT matrix over the three ways in: a page (`?jwt=`, qsh), the API (ACE session token in the header, no qsh) and a
 * webhook (header, qsh over POST). Every forged, stale, premature or misplaced token is a 401 with no session token handed
 * out and no side effect; the genuine token of each kind is the control.
 */
describe("JWT matrix on pages, API and webhooks", () => {
  let h: Harness;
  let ws: Workspace;
  const admin = aUserUuid();
  const received: RepoWebhookEvent[] = [];
  const webhooks = new WebhookEvents();
  webhooks.subscribe((e) => { received.push(e); return Promise.resolve(); });

  beforeAll(async () => {
    h = await startHarness({ webhooks });
    ws = aWorkspace("acme");
    await h.install(ws);
    h.bitbucket.setOwner(ws.workspaceUuid, admin);
  });
  afterAll(async () => { await h.close(); });
  beforeEach(() => { received.length = 0; });

  const PAGE = { path: "/access", query: { workspace: "acme" } };
  const HOOK = "/webhooks/repo-created";
  const hookBody = { event: "repo:created", data: { repository: { uuid: "{r1}", slug: "moxie", full_name: "acme/moxie", project: { key: "PROJ", uuid: "{p1}" } } } };

  const pageQsh = createQueryStringHash({ method: "GET", pathname: PAGE.path, query: PAGE.query });
  const hookQsh = createQueryStringHash({ method: "POST", pathname: HOOK, query: {} });
  /** Claims as Bitbucket signs them for a page (with sub) or a webhook (without). */
  const bitbucketClaims = (qsh: string, extra: object = {}) => ({ iss: ws.clientKey, aud: ws.clientKey, sub: admin, iat: nowSec(), exp: nowSec() + 180, qsh, ...extra });
  /** Claims as ACE mints a session token. */
  const sessionClaims = (extra: object = {}) => ({ iss: APP_KEY, aud: [ws.clientKey], sub: admin, iat: nowSec(), exp: nowSec() + 900, ...extra });

  const openPage = (token: string | undefined) => request(h.app).get(PAGE.path).query(token === undefined ? PAGE.query : { ...PAGE.query, jwt: token });
  const callApi = (token: string | undefined) => {
    const req = request(h.app).get("/api/settings");
    return token === undefined ? req : req.set("Authorization", `JWT ${token}`);
  };
  const deliver = (token: string | undefined) => {
    const req = request(h.app).post(HOOK);
    return (token === undefined ? req : req.set("Authorization", `JWT ${token}`)).send(hookBody);
  };

  test("When each way in gets its genuine token, then it is let through (the control)", async () => {
    const page = await openPage(hs256(bitbucketClaims(pageQsh), ws.sharedSecret)).expect(200);
    await callApi(page.headers["x-acpt"] as string).expect(200);
    await deliver(hs256(bitbucketClaims(hookQsh, { sub: undefined }), ws.sharedSecret)).expect(204);
    expect(received).toHaveLength(1);
  });

  /** Token factories shared by the qsh-checked routes; `qsh` is the right hash for the route under test. */
  const forged = (qsh: string): [string, () => string | undefined][] => [
    ["no token", () => undefined],
    ["an expired token", () => hs256(bitbucketClaims(qsh, { iat: nowSec() - 600, exp: nowSec() - 300 }), ws.sharedSecret)],
    ["a token not valid before an hour from now (nbf)", () => hs256(bitbucketClaims(qsh, { nbf: nowSec() + 3600, exp: nowSec() + 3700 }), ws.sharedSecret)],
    ["a token issued an hour in the future (iat)", () => hs256(bitbucketClaims(qsh, { iat: nowSec() + 3600, exp: nowSec() + 3700 }), ws.sharedSecret)],
    ["a token signed with another secret", () => hs256(bitbucketClaims(qsh), "not-the-secret")],
    ['an "alg: none" token', () => `${b64({ alg: "none", typ: "JWT" })}.${b64(bitbucketClaims(qsh))}.`],
    ["a token with a wrong qsh", () => hs256(bitbucketClaims("0".repeat(64)), ws.sharedSecret)],
    ["a token of an unknown workspace", () => hs256(bitbucketClaims(qsh, { iss: "connection:unknown", aud: "connection:unknown" }), ws.sharedSecret)],
    ["an ACE session token (no qsh)", () => hs256(sessionClaims(), ws.sharedSecret)],
  ];

  test.each([
    ...forged(pageQsh),
    ["a webhook token replayed on the page", () => hs256(bitbucketClaims(hookQsh, { sub: undefined }), ws.sharedSecret)],
  ])("When a page is opened with %s, then 401 and no session token", async (_name, token) => {
    const res = await openPage(token()).expect(401);
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
    expect(res.headers["x-acpt"]).toBeUndefined();
  });

  test.each([
    ...forged(hookQsh),
    ["a page token replayed on the webhook", () => hs256(bitbucketClaims(pageQsh), ws.sharedSecret)],
  ])("When a webhook arrives with %s, then 401 and nothing is published", async (_name, token) => {
    const res = await deliver(token()).expect(401);
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
    expect(received).toEqual([]);
  });

  test.each<[string, () => string | undefined]>([
    ["no token", () => undefined],
    ["an expired session token", () => hs256(sessionClaims({ iat: nowSec() - 2000, exp: nowSec() - 1000 }), ws.sharedSecret)],
    ["a session token not valid before an hour from now (nbf)", () => hs256(sessionClaims({ nbf: nowSec() + 3600 }), ws.sharedSecret)],
    ["a session token issued an hour in the future (iat)", () => hs256(sessionClaims({ iat: nowSec() + 3600, exp: nowSec() + 4000 }), ws.sharedSecret)],
    ["a session token signed with another secret", () => hs256(sessionClaims(), "not-the-secret")],
    ['an "alg: none" session token', () => `${b64({ alg: "none", typ: "JWT" })}.${b64(sessionClaims())}.`],
    ["an HS512 session token", () => encodeSymmetric(sessionClaims(), ws.sharedSecret, SymmetricAlgorithm.HS512)],
    ["a session token of an unknown workspace", () => hs256(sessionClaims({ aud: ["connection:unknown"] }), ws.sharedSecret)],
    ["a page token replayed on the API", () => hs256(bitbucketClaims(pageQsh), ws.sharedSecret)],
    ["a webhook token replayed on the API", () => hs256(bitbucketClaims(hookQsh, { sub: undefined }), ws.sharedSecret)],
    ["garbage", () => "a.b.c"],
  ])("When the API is called with %s, then 401 and no fresh session token", async (_name, token) => {
    const res = await callApi(token()).expect(401);
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
    expect(res.headers["x-acpt"]).toBeUndefined();
  });

  test("When a valid session token is sent in the body or the query instead of the header, then 401", async () => {
    const token = (await openPage(hs256(bitbucketClaims(pageQsh), ws.sharedSecret)).expect(200)).headers["x-acpt"] as string;
    await request(h.app).put("/api/settings").send({ jwt: token, hourlyCallBudget: 10, concurrency: 1 }).expect(401);
    await request(h.app).get("/api/settings").query({ jwt: token }).expect(401);
  });
});
