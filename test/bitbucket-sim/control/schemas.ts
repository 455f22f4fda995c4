import { z } from "zod";

/** Validation of control-API bodies: a typo in a test's fault rule should fail loudly, not be ignored. */
export const switchesSchema = z.object({
  apiTokenMayWritePermissions: z.boolean(),
  requirePermissionScopes: z.boolean(),
  jwtMayReadPermissions: z.boolean(),
  getWithoutGrant: z.union([z.literal(404), z.literal(200)]),
  deleteWithoutGrant: z.union([z.literal(204), z.literal(404)]),
  contentTypeOn204: z.boolean(),
  pagelenAbove100: z.enum(["clamp", "400"]),
  roleFilterIncludesInherited: z.boolean(),
  projectUnauthenticatedStatus: z.union([z.literal(401), z.literal(404)]),
  groupsV1: z.enum(["slugOnly", "uuidToo", "gone"]),
  webhookEnvelope: z.enum(["connect", "flat"]),
  repoUpdatedOnProjectMove: z.boolean(),
  rateLimitWorkspaces: z.boolean(),
  retryAfterOn429: z.number().int().nonnegative().nullable(),
  seatLimit: z.number().int().nonnegative().nullable(),
  readAfterWriteLagMs: z.number().nonnegative(),
  rateLimitPerHour: z.number().int().positive(),
  timeScale: z.number().positive(),
}).partial().strict();

export const faultRuleSchema = z.object({
  method: z.string().optional(),
  pathGlob: z.string().min(1),
  status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
  delayMs: z.number().nonnegative().optional(),
  jitterMs: z.number().nonnegative().optional(),
  drop: z.literal(true).optional(),
  times: z.number().int().positive().optional(),
  probability: z.number().min(0).max(1).optional(),
}).strict();

export const faultsBodySchema = z.union([z.array(faultRuleSchema), z.object({ rules: z.array(faultRuleSchema) })]);

export const clockBodySchema = z.object({ advanceMs: z.number().nonnegative() }).strict();

export const repoEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("create"), workspace: z.string(), project: z.string(), name: z.string().min(1),
    uuid: z.string().optional(), is_private: z.boolean().optional() }),
  z.object({ type: z.literal("rename"), workspace: z.string(), repo: z.string(), name: z.string().min(1) }),
  z.object({ type: z.literal("move"), workspace: z.string(), repo: z.string(), project: z.string() }),
  z.object({ type: z.literal("delete"), workspace: z.string(), repo: z.string() }),
  z.object({ type: z.literal("transfer"), workspace: z.string(), repo: z.string(), toWorkspace: z.string(),
    toProject: z.string().optional() }),
]);

export const installationSchema = z.object({
  clientKey: z.string().min(1), sharedSecret: z.string().min(1).max(128), appKey: z.string().min(1), workspaceUuid: z.string(),
}).strict();

export const apiTokenSchema = z.object({
  email: z.string().min(1), token: z.string().min(1), userUuid: z.string(), scopes: z.array(z.string()).optional(),
}).strict();

export const bearerTokenSchema = z.object({
  token: z.string().min(1), kind: z.enum(["oauth-bearer", "access-token"]), workspaceUuid: z.string(), id: z.string().min(1),
  userUuid: z.string().optional(), projectKey: z.string().optional(), repositoryUuid: z.string().optional(),
}).strict();
