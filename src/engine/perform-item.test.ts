import { createBitbucketClient, NotFound, ServerError } from "../bitbucket";
import { errorResponse, jsonResponse, noContentResponse, recordingFetch, type Responder } from "../bitbucket/testing/recording-fetch";
import type { WorkItem } from "../jobs";
import { performItem } from "./perform-item";

const item = (over: Partial<WorkItem>): WorkItem => ({
  id: 7, jobId: "job-1", clientKey: "ck", seq: 1, attempts: 1, retries: 0, leaseExpiresMs: 0,
  target: "repository", repository: { slug: "api", uuid: "{11111111-1111-1111-1111-111111111111}" },
  principal: { type: "group", slug: "developers" }, before: "none", after: "write", ...over,
});

function apiAnswering(respond: Responder) {
  const recorder = recordingFetch(respond);
  const api = createBitbucketClient({ baseUrl: "https://api.example.test", fetch: recorder.fetch, retry: false, throttle: false })
    .as({ kind: "api-token", email: "admin@example.test", apiToken: "token" });
  return { api, requests: recorder.requests };
}

describe("performItem", () => {
  test("When a repository item grants a level, then it PUTs that level to the repository named by uuid", async () => {
    const { api, requests } = apiAnswering(() => jsonResponse(200, { type: "repository_group_permission", permission: "write" }));
    await performItem(api, "acme", "PROJ", item({}));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe("PUT");
    expect(requests[0]?.url.href).toBe("https://api.example.test/2.0/repositories/acme/%7B11111111-1111-1111-1111-111111111111%7D/permissions-config/groups/developers");
    expect(JSON.parse(requests[0]?.body ?? "{}")).toEqual({ permission: "write" });
  });

  test("When a project item revokes a user, then it DELETEs the project's user grant", async () => {
    const { api, requests } = apiAnswering(() => noContentResponse());
    await performItem(api, "acme", "PROJ", item({ target: "project", repository: null, principal: { type: "user", uuid: "{u-1}" }, before: "read", after: "none" }));
    expect(requests.map((r) => `${r.method} ${r.url.href}`)).toEqual(["DELETE https://api.example.test/2.0/workspaces/acme/projects/PROJ/permissions-config/users/%7Bu-1%7D"]);
  });

  test("When the grant to delete is already gone (404), then the item has reached its desired state", async () => {
    const { api } = apiAnswering(() => errorResponse(404, "No such grant"));
    await expect(performItem(api, "acme", "PROJ", item({ before: "write", after: "none" }))).resolves.toBeUndefined();
  });

  test("When a PUT answers 404 or 500, then the typed error reaches the worker's policy", async () => {
    await expect(performItem(apiAnswering(() => errorResponse(404, "No such group")).api, "acme", "PROJ", item({}))).rejects.toBeInstanceOf(NotFound);
    await expect(performItem(apiAnswering(() => errorResponse(500, "Oops")).api, "acme", "PROJ", item({}))).rejects.toBeInstanceOf(ServerError);
  });

  test("When a repository item asks for create-repo, then nothing is sent", async () => {
    const { api, requests } = apiAnswering(() => noContentResponse());
    await expect(performItem(api, "acme", "PROJ", item({ after: "create-repo" }))).rejects.toThrow("project level only");
    expect(requests).toHaveLength(0);
  });
});
