import { z } from "zod";

/**
 * The JSON a simulator is seeded with (`sim.seed(fixture)`, `POST /__sim/seed`). References to users
 * accept a `{uuid}`, an account_id or a nickname; the builder always writes uuids.
 */
const level = z.enum(["read", "write", "create-repo", "admin"]);
const grant = z.object({ user: z.string().optional(), group: z.string().optional(), permission: level })
  .refine((g) => (g.user === undefined) !== (g.group === undefined), "a grant names exactly one of user or group");

export const fixtureSchema = z.object({
  users: z.array(z.object({
    uuid: z.string(), account_id: z.string(), display_name: z.string(), nickname: z.string(), email: z.string(),
    created_on: z.string().optional(),
  })),
  workspaces: z.array(z.object({
    uuid: z.string(), slug: z.string(), name: z.string(), spam: z.boolean().optional(),
    members: z.array(z.object({ user: z.string(), role: z.enum(["owner", "collaborator", "member"]) })),
    groups: z.array(z.object({
      slug: z.string(), name: z.string(), members: z.array(z.string()),
      permission: z.enum(["read", "write", "admin"]).nullable().optional(),
    })),
    projects: z.array(z.object({
      uuid: z.string(), key: z.string(), name: z.string(), description: z.string().optional(),
      is_private: z.boolean().optional(), created_on: z.string().optional(), grants: z.array(grant).optional(),
    })),
    repositories: z.array(z.object({
      uuid: z.string(), slug: z.string(), name: z.string(), project: z.string(), description: z.string().optional(),
      is_private: z.boolean().optional(), created_on: z.string().optional(), updated_on: z.string().optional(),
      grants: z.array(grant).optional(),
    })),
  })),
  apiTokens: z.array(z.object({ email: z.string(), token: z.string(), user: z.string(), scopes: z.array(z.string()).optional() })).optional(),
  installations: z.array(z.object({ clientKey: z.string(), sharedSecret: z.string(), appKey: z.string(), workspace: z.string() })).optional(),
  bearerTokens: z.array(z.object({
    token: z.string(), kind: z.enum(["oauth-bearer", "access-token"]), workspace: z.string(), id: z.string(),
    user: z.string().optional(), projectKey: z.string().optional(), repositoryUuid: z.string().optional(),
  })).optional(),
});

export type SimFixture = z.infer<typeof fixtureSchema>;
export type FixtureWorkspace = SimFixture["workspaces"][number];
export type FixtureGrant = NonNullable<FixtureWorkspace["projects"][number]["grants"]>[number];

/** Concatenates fixtures (e.g. two workspaces built separately). */
export function mergeFixtures(...fixtures: SimFixture[]): SimFixture {
  return {
    users: fixtures.flatMap((f) => f.users),
    workspaces: fixtures.flatMap((f) => f.workspaces),
    apiTokens: fixtures.flatMap((f) => f.apiTokens ?? []),
    installations: fixtures.flatMap((f) => f.installations ?? []),
    bearerTokens: fixtures.flatMap((f) => f.bearerTokens ?? []),
  };
}
