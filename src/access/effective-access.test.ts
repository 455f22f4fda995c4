import { principalRepositoryAccess, repositoryAccess } from "./effective-access";
import { aGroup, aSnapshot, aUser, repoUuid } from "./test-builders";

const ann = aUser("ann");
const developers = aGroup("developers");

describe("effective access", () => {
  test("When a user has no grant from any source, then their level is none with no sources", () => {
    const snapshot = aSnapshot().withRepos(1).withMembers("ann").build();
    expect(repositoryAccess(snapshot, ann, repoUuid("repo-0"))).toEqual({ repository: { slug: "repo-0", uuid: repoUuid("repo-0") }, level: "none", sources: [] });
  });

  test("When a user has a project grant, then every repository inherits it", () => {
    const snapshot = aSnapshot().withRepos(3).withMembers("ann").withProjectGrant(ann, "read").build();
    const access = principalRepositoryAccess(snapshot, ann);
    expect(access.map((row) => row.level)).toEqual(["read", "read", "read"]);
    expect(access[0]?.sources).toEqual([{ kind: "project-grant", grantLevel: "read", level: "read" }]);
  });

  test("When a user has project create-repo, then it counts as write on a repository", () => {
    const snapshot = aSnapshot().withRepos(1).withMembers("ann").withProjectGrant(ann, "create-repo").build();
    const access = repositoryAccess(snapshot, ann, repoUuid("repo-0"));
    expect(access.level).toBe("write");
    expect(access.sources).toEqual([{ kind: "project-grant", grantLevel: "create-repo", level: "write" }]);
  });

  test("When a repository grant is lower than the project grant, then the project grant wins (highest wins)", () => {
    const snapshot = aSnapshot().withRepos(2).withMembers("ann").withProjectGrant(ann, "write").withRepoGrant("repo-0", ann, "read").build();
    const access = repositoryAccess(snapshot, ann, repoUuid("repo-0"));
    expect(access.level).toBe("write");
    expect(access.sources.map((source) => source.kind)).toEqual(["project-grant", "repository-grant"]);
  });

  test("When a repository grant is higher than the project grant, then it raises access on that repository only", () => {
    const snapshot = aSnapshot().withRepos(2).withMembers("ann").withProjectGrant(ann, "read").withRepoGrant("repo-1", ann, "admin").build();
    expect(principalRepositoryAccess(snapshot, ann).map((row) => row.level)).toEqual(["read", "admin"]);
  });

  test("When a user is in a group with grants, then they inherit the group's project and repository grants, named by group", () => {
    const snapshot = aSnapshot()
      .withRepos(2)
      .withGroup("developers", ["ann"])
      .withProjectGrant(developers, "read")
      .withRepoGrant("repo-1", developers, "admin")
      .build();
    const [first, second] = principalRepositoryAccess(snapshot, ann);
    expect(first?.level).toBe("read");
    expect(first?.sources).toEqual([{ kind: "project-grant", grantLevel: "read", level: "read", group: { slug: "developers", name: "developers" } }]);
    expect(second?.level).toBe("admin");
    expect(second?.sources[0]).toEqual({ kind: "repository-grant", level: "admin", group: { slug: "developers", name: "developers" } });
  });

  test("When a user is a workspace admin, then they have admin on every repository because of that role", () => {
    const snapshot = aSnapshot().withRepos(2).withWorkspaceAdmin("olga").build();
    const access = principalRepositoryAccess(snapshot, aUser("olga"));
    expect(access.map((row) => row.level)).toEqual(["admin", "admin"]);
    expect(access[0]?.sources).toEqual([{ kind: "workspace-admin", level: "admin" }]);
  });

  test("When a group is asked about, then only its own grants count (groups do not nest)", () => {
    const snapshot = aSnapshot().withRepos(1).withGroup("developers", ["ann"]).withProjectGrant(ann, "admin").withRepoGrant("repo-0", developers, "write").build();
    expect(repositoryAccess(snapshot, developers, repoUuid("repo-0")).level).toBe("write");
  });

  test("When groups could not be read, then a user's access shows only their own grants", () => {
    const snapshot = aSnapshot().withRepos(1).withMembers("ann").withGroupsUnavailable("HTTP 404").withProjectGrant(developers, "admin").build();
    expect(repositoryAccess(snapshot, ann, repoUuid("repo-0")).level).toBe("none");
  });

  test("When several sources give access, then the sources are listed highest first", () => {
    const snapshot = aSnapshot()
      .withRepos(1)
      .withGroup("developers", ["ann"])
      .withProjectGrant(ann, "read")
      .withProjectGrant(developers, "write")
      .withRepoGrant("repo-0", ann, "admin")
      .build();
    expect(repositoryAccess(snapshot, ann, repoUuid("repo-0")).sources.map((source) => source.level)).toEqual(["admin", "write", "read"]);
  });

  test("When the repository is not in the snapshot, then it throws", () => {
    expect(() => repositoryAccess(aSnapshot().build(), ann, "{nope}")).toThrow(/not in the snapshot/);
  });
});
