import { aWorkspace } from "./builder";
import type { SimFixture } from "./fixture";

/** Credentials the demo seed registers; printed by main.ts so the sandbox can be driven by hand. */
export const DEMO = {
  workspace: "acme",
  ownerEmail: "olivia-owner@acme.example",
  ownerApiToken: "demo-api-token",
  adminEmail: "adam-admin@acme.example",
  adminApiToken: "demo-admin-token",
} as const;

/**
 * The demo workspace: an owner, a project admin, 40 members, 6 groups and 4 projects (PLAT with 320
 * repositories), with assorted project and repository grants. Deterministic: every call builds the same data.
 */
export function demoFixture(): SimFixture {
  const b = aWorkspace(DEMO.workspace, { name: "Acme Corp" })
    .withOwner("olivia-owner", { display_name: "Olivia Owner" })
    .withUser("adam-admin", { display_name: "Adam Admin" })
    .withUsers(40)
    .withOutsider("zed-outsider")
    .withGroup("developers", { name: "Developers", members: range(1, 15), permission: "write" })
    .withGroup("qa", { name: "QA", members: range(16, 20) })
    .withGroup("release-managers", { name: "Release Managers", members: ["user-21", "user-22"] })
    .withGroup("contractors", { name: "Contractors", members: range(23, 28) })
    .withGroup("administrators", { name: "Administrators", members: ["adam-admin"], permission: "admin" })
    .withGroup("readers", { name: "Readers", members: range(29, 40) })
    .withProject("PLAT", { name: "Platform", repos: 320 })
    .withProject("WEB", { name: "Web", repos: 25 })
    .withProject("DATA", { name: "Data", repos: 12 })
    .withProject("OPS", { name: "Operations", repos: 3 })
    .withProjectGrant("PLAT", { group: "developers" }, "write")
    .withProjectGrant("PLAT", { group: "administrators" }, "admin")
    .withProjectGrant("PLAT", { group: "readers" }, "read")
    .withProjectGrant("PLAT", { user: "user-21" }, "create-repo")
    .withProjectGrant("WEB", { group: "qa" }, "read")
    .withProjectGrant("WEB", { user: "adam-admin" }, "admin")
    .withProjectGrant("DATA", { group: "contractors" }, "read")
    .withProjectGrant("OPS", { group: "release-managers" }, "admin")
    .withRepoGrant("plat-repo-001", { user: "user-30" }, "admin")
    .withRepoGrant("plat-repo-002", { group: "qa" }, "write")
    .withRepoGrant("plat-repo-003", { user: "user-05" }, "read")
    .withRepoGrant("web-repo-001", { group: "contractors" }, "write")
    .withRepoGrant("data-repo-001", { user: "user-16" }, "admin")
    .withApiToken("olivia-owner", DEMO.ownerApiToken)
    .withApiToken("adam-admin", DEMO.adminApiToken);
  return b.build();
}

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `user-${String(from + i).padStart(2, "0")}`);
}
