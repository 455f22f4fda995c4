import request from "supertest";
import { createQueryStringHash, encodeSymmetric, SymmetricAlgorithm } from "atlassian-jwt";
import { WebhookEvents, type RepoWebhookEvent } from "../../src/connect/webhooks";
import { aWorkspace, nowSec, startHarness, type Harness, type Workspace } from "./harness";

describe("the webhook routes", () => {
  let h: Harness;
  let ws: Workspace;
  const received: RepoWebhookEvent[] = [];
  const webhooks = new WebhookEvents();
  webhooks.subscribe((e) => { received.push(e); return Promise.resolve(); });

  beforeAll(async () => {
    h = await startHarness({ webhooks });
    ws = aWorkspace();
    await h.install(ws);
  });
  afterAll(async () => { await h.close(); });
  beforeEach(() => { received.length = 0; });

  const signed = (path: string, secret = ws.sharedSecret) =>
    encodeSymmetric({ iss: ws.clientKey, aud: ws.clientKey, iat: nowSec(), exp: nowSec() + 60, qsh: createQueryStringHash({ method: "POST", pathname: path, query: {} }) }, secret, SymmetricAlgorithm.HS256);
  const repository = { uuid: "{r1}", slug: "moxie", full_name: "acme/moxie", project: { key: "PROJ", uuid: "{p1}" } };

  test.each([
    ["repo:created", "/webhooks/repo-created", { event: "repo:created", data: { repository } }],
    ["repo:updated", "/webhooks/repo-updated", { repository }],
    ["repo:deleted", "/webhooks/repo-deleted", { event: "repo:deleted", data: { repository } }],
    ["repo:transfer", "/webhooks/repo-transfer", { repository }],
  ])("When a signed %s delivery arrives, then a typed event with the verified clientKey is published and 204 answered", async (event, path, body) => {
    await request(h.app).post(path).set("Authorization", `JWT ${signed(path)}`).send(body).expect(204);
    expect(received).toEqual([{ event, clientKey: ws.clientKey, repository: { uuid: "{r1}", slug: "moxie", fullName: "acme/moxie", projectKey: "PROJ", projectUuid: "{p1}" }, payload: body }]);
  });

  test("When a delivery is unsigned, signed by another secret or for another URL, then it is refused with 401 and nothing is published", async () => {
    const path = "/webhooks/repo-created";
    const body = { data: { repository } };
    await request(h.app).post(path).send(body).expect(401);
    await request(h.app).post(path).set("Authorization", `JWT ${signed(path, "nope")}`).send(body).expect(401);
    await request(h.app).post(path).set("Authorization", `JWT ${signed("/webhooks/repo-deleted")}`).send(body).expect(401);
    expect(received).toEqual([]);
  });

  test("When a signed delivery has no repository, then it is refused with 400", async () => {
    const path = "/webhooks/repo-updated";
    await request(h.app).post(path).set("Authorization", `JWT ${signed(path)}`).send({ data: {} }).expect(400);
    expect(received).toEqual([]);
  });
});
