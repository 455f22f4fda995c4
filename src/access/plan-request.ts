import { z } from "zod";
import { isValidGlob } from "./repository-filter";

/**
 * The body of `POST /api/projects/{key}/plans` (issue 4): who, which level, where.
 * The schema is strict (unknown keys are errors) because a misspelt `scope` silently ignored could grant
 * far more than intended.
 */

/** A user is named by `{uuid}` (braces optional) or an Atlassian account id (`557058:…`, or a legacy 24-hex id). */
const USER_ID = /^(?:\{[0-9a-fA-F-]{36}\}|[0-9a-fA-F-]{36}|[0-9]{1,10}:[0-9a-fA-F-]{1,64}|[0-9a-fA-F]{24})$/;
/** Group slugs are workspace-local ASCII (bitbucket-platform.md §3.0); the exact rules are unconfirmed, so be liberal but path-safe. */
const GROUP_SLUG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/;
/** Glob characters plus what a repository slug may contain; no `/` (slugs have none), no control characters. */
const GLOB = /^[A-Za-z0-9._\-*?[\]{}!,^]{1,200}$/;

export const MAX_PATTERNS = 100;

/** These ids go into URL paths; the character rules already exclude `/`, NUL and CR/LF, this catches `..`. */
const pathSafe = (value: string): boolean => !value.includes("..");

const userId = z
  .string()
  .min(1)
  .max(100)
  .regex(USER_ID, "must be a user {uuid} or an Atlassian account id")
  .refine(pathSafe, "must not contain '..'");

const groupSlug = z
  .string()
  .min(1)
  .max(100)
  .regex(GROUP_SLUG, "must be a group slug: letters, digits, '.', '_' and '-'")
  .refine(pathSafe, "must not contain '..'");

const glob = z
  .string()
  .regex(GLOB, "must be a repository slug pattern of 1–200 characters: letters, digits, . _ - and * ? [ ] { } ! , ^")
  .refine(isValidGlob, "is not a valid pattern");

const patterns = z.array(glob).max(MAX_PATTERNS, `at most ${MAX_PATTERNS} patterns`);

export const principalRequestSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("user"), id: userId }),
  z.strictObject({ type: z.literal("group"), slug: groupSlug }),
]);

export const planRequestSchema = z
  .strictObject({
    principal: principalRequestSchema,
    permission: z.enum(["read", "write", "create-repo", "admin", "none"]),
    scope: z.enum(["project", "repositories", "both"]),
    repositories: z.strictObject({ include: patterns.optional(), exclude: patterns.optional() }).optional(),
    alsoForNewRepositories: z.boolean().optional(),
  })
  .superRefine((request, ctx) => {
    if (request.permission === "create-repo" && request.scope !== "project") {
      ctx.addIssue({ code: "custom", path: ["permission"], message: "create-repo exists on projects only: use scope \"project\"" });
    }
    if (request.scope === "project") {
      const { include = [], exclude = [] } = request.repositories ?? {};
      if (include.length > 0 || exclude.length > 0) {
        ctx.addIssue({ code: "custom", path: ["repositories"], message: "repository patterns need scope \"repositories\" or \"both\"" });
      }
      if (request.alsoForNewRepositories === true) {
        ctx.addIssue({
          code: "custom",
          path: ["alsoForNewRepositories"],
          message: "a project grant already applies to repositories created later; use it with scope \"repositories\" or \"both\"",
        });
      }
    }
  });

export type PlanRequest = z.infer<typeof planRequestSchema>;
export type PrincipalRequest = z.infer<typeof principalRequestSchema>;
export type RequestedPermission = PlanRequest["permission"];
export type PlanScope = PlanRequest["scope"];

/** A field the request got wrong: `path` is dotted (`principal.id`, `repositories.include.2`) for the 400's details. */
export interface RequestFieldError { readonly path: string; readonly message: string }

export type ParsedPlanRequest = { readonly ok: true; readonly request: PlanRequest } | { readonly ok: false; readonly errors: readonly RequestFieldError[] };

/** Validates an untrusted body; never throws. */
export const parsePlanRequest = (body: unknown): ParsedPlanRequest => {
  const result = planRequestSchema.safeParse(body);
  if (result.success) return { ok: true, request: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(body)", message: issue.message })),
  };
};
