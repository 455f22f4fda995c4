import { MAX_PATTERNS, parsePlanRequest } from "./plan-request";

const valid = { principal: { type: "user", id: "{d301aafa-d676-4ee0-88be-962be7417567}" }, permission: "write", scope: "both" };

const errorsOf = (body: unknown) => {
  const result = parsePlanRequest(body);
  if (result.ok) throw new Error("expected the request to be rejected");
  return result.errors;
};

describe("plan request", () => {
  test.each([
    ["a user by {uuid}", valid],
    ["a user by account id", { ...valid, principal: { type: "user", id: "557058:ba8948b2-49da-43a9-9e8b-e7249b8e324a" } }],
    ["a user by bare uuid", { ...valid, principal: { type: "user", id: "d301aafa-d676-4ee0-88be-962be7417567" } }],
    ["a group", { ...valid, principal: { type: "group", slug: "developers" } }],
    ["patterns", { ...valid, scope: "repositories", repositories: { include: ["mobile-*", "api"], exclude: ["*-archive"] } }],
    ["create-repo on the project", { ...valid, permission: "create-repo", scope: "project" }],
    ["a rule for new repositories", { ...valid, scope: "repositories", alsoForNewRepositories: true }],
    ["none everywhere", { ...valid, permission: "none" }],
  ])("When the request names %s, then it is accepted", (_name, body) => {
    expect(parsePlanRequest(body)).toEqual({ ok: true, request: body });
  });

  test.each([
    ["an unknown permission", { ...valid, permission: "owner" }, "permission"],
    ["an unknown scope", { ...valid, scope: "workspace" }, "scope"],
    ["an unknown principal type", { ...valid, principal: { type: "team", id: "x" } }, "principal.type"],
    ["a missing principal", { permission: "read", scope: "project" }, "principal"],
    ["an unknown field", { ...valid, scopes: "project" }, "(body)"],
    ["'../' in a user id", { ...valid, principal: { type: "user", id: "../../admin" } }, "principal.id"],
    ["'/' in a group slug", { ...valid, principal: { type: "group", slug: "dev/ops" } }, "principal.slug"],
    ["'..' in a group slug", { ...valid, principal: { type: "group", slug: "a..b" } }, "principal.slug"],
    ["NUL in a group slug", { ...valid, principal: { type: "group", slug: "dev\u0000" } }, "principal.slug"],
    ["CRLF in a user id", { ...valid, principal: { type: "user", id: "557058:abc\r\nX-Evil: 1" } }, "principal.id"],
    ["an empty group slug", { ...valid, principal: { type: "group", slug: "" } }, "principal.slug"],
    ["a slug of 101 characters", { ...valid, principal: { type: "group", slug: "a".repeat(101) } }, "principal.slug"],
    ["create-repo on repositories", { ...valid, permission: "create-repo", scope: "repositories" }, "permission"],
    ["create-repo on both", { ...valid, permission: "create-repo", scope: "both" }, "permission"],
    ["patterns with scope project", { ...valid, scope: "project", repositories: { include: ["a*"] } }, "repositories"],
    ["a rule for new repositories with scope project", { ...valid, scope: "project", alsoForNewRepositories: true }, "alsoForNewRepositories"],
    ["a pattern with '/'", { ...valid, repositories: { include: ["../*"] } }, "repositories.include.0"],
    ["a pattern with a newline", { ...valid, repositories: { exclude: ["a\nb"] } }, "repositories.exclude.0"],
    ["an empty pattern", { ...valid, repositories: { include: [""] } }, "repositories.include.0"],
    ["too many patterns", { ...valid, repositories: { include: Array.from({ length: MAX_PATTERNS + 1 }, (_, i) => `r${i}`) } }, "repositories.include"],
    ["a non-boolean rule flag", { ...valid, alsoForNewRepositories: "yes" }, "alsoForNewRepositories"],
  ])("When the request has %s, then it is rejected at that field", (_name, body, path) => {
    expect(errorsOf(body).map((error) => error.path)).toContain(path);
  });

  test("When the body is not an object, then it is rejected without throwing", () => {
    expect(parsePlanRequest("grant everything").ok).toBe(false);
    expect(parsePlanRequest(null).ok).toBe(false);
  });

  test("When create-repo is asked for repositories, then the message says it exists on projects only", () => {
    expect(errorsOf({ ...valid, permission: "create-repo", scope: "repositories" })[0]?.message).toMatch(/projects only/);
  });
});
