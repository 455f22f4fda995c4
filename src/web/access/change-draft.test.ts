import { emptyDraft, isGroupSlug, parsePatterns, toPlanRequest, type ChangeDraft } from "./change-draft";

const group = { type: "group" as const, slug: "contractors", name: "Contractors" };

describe("change draft", () => {
  test("When patterns are separated by commas and new lines, then each is trimmed and blanks dropped", () => {
    expect(parsePatterns(" mobile-*, api-*\n\nweb ,")).toEqual(["mobile-*", "api-*", "web"]);
  });

  test("When no principal is chosen, then the request is refused with a principal error", () => {
    expect(toPlanRequest(emptyDraft)).toEqual({ errors: { principal: "Choose a user or group." } });
  });

  test("When the scope is every repository with patterns, then they and the rule flag are sent, without the name", () => {
    const draft: ChangeDraft = { ...emptyDraft, principal: group, scope: "repositories", include: "mobile-*", exclude: "", alsoForNewRepositories: true };
    expect(toPlanRequest(draft)).toEqual({
      request: {
        principal: { type: "group", slug: "contractors" }, permission: "write", scope: "repositories",
        repositories: { include: ["mobile-*"] }, alsoForNewRepositories: true,
      },
    });
  });

  test("When the scope is the project, then patterns and the rule flag are left out", () => {
    const draft: ChangeDraft = { ...emptyDraft, principal: { type: "user", id: "{u}", name: "Ana" }, include: "x", alsoForNewRepositories: true };
    expect(toPlanRequest(draft)).toEqual({ request: { principal: { type: "user", id: "{u}" }, permission: "write", scope: "project" } });
  });

  test("When create-repo is asked on repositories, then the permission is refused", () => {
    const result = toPlanRequest({ ...emptyDraft, principal: group, permission: "create-repo", scope: "both" });
    expect(result).toHaveProperty("errors.permission");
  });

  test("When typing a group slug, then only Bitbucket-shaped slugs pass", () => {
    expect(isGroupSlug("dev-team_2")).toBe(true);
    expect(isGroupSlug("Dev Team")).toBe(false);
  });
});
