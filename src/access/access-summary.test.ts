import { accessSummaries } from "./access-summary";
import { aGroup, aSnapshot, aUser } from "./test-builders";

const ann = aUser("ann");
const developers = aGroup("developers");

describe("access summaries", () => {
  const snapshot = aSnapshot()
    .withRepos(4)
    .withGroup("developers", ["bob"])
    .withMembers("ann", "carol")
    .withWorkspaceAdmin("olga")
    .withProjectGrant(ann, "create-repo")
    .withRepoGrant("repo-0", ann, "read")
    .withRepoGrant("repo-1", ann, "admin")
    .withRepoGrant("repo-2", ann, "admin")
    .withProjectGrant(developers, "read")
    .withRepoGrant("repo-3", developers, "write")
    .build();
  const rows = accessSummaries(snapshot);
  const row = (name: string) => rows.find((summary) => summary.principal.name === name);

  test("When a user has project and repository grants, then the row has the project level, counts by level and the highest level", () => {
    expect(row("ann")).toEqual({
      principal: { type: "user", uuid: ann.uuid, name: "ann" },
      projectLevel: "create-repo",
      repositoryGrants: { read: 1, write: 0, admin: 2 },
      highestLevel: "admin",
      workspaceAdmin: false,
      viaGroups: [],
    });
  });

  test("When a user only belongs to a granted group, then they appear with the group's highest level and the group named", () => {
    expect(row("bob")).toMatchObject({ projectLevel: "none", repositoryGrants: { read: 0, write: 0, admin: 0 }, highestLevel: "write", viaGroups: ["developers"] });
  });

  test("When a user is a workspace admin, then they appear with admin", () => {
    expect(row("olga")).toMatchObject({ highestLevel: "admin", workspaceAdmin: true });
  });

  test("When a member has no access from any source, then they do not appear", () => {
    expect(row("carol")).toBeUndefined();
  });

  test("When groups and users are listed, then groups come first", () => {
    expect(rows.map((summary) => summary.principal.name)).toEqual(["developers", "ann", "bob", "olga"]);
  });
});
