import type { Request, RequestHandler, Response } from "express";
import type { z } from "zod";
import type { Engine, EngineActor } from "../../engine";
import { principalRequestSchema } from "../../access/plan-request";
import { parsePrincipalParam, type PrincipalRef, type ValidationDetails } from "../../shared/api-contract";
import { ApiError } from "../api-error";
import { tenantOf } from "../tenant-context";
import { toApiError } from "./error-mapping";

/**
 * An async route whose failures go through the error mapping to the one error middleware. With `passOn`, it is a step
 * (a lookup before the admin check) and calls the next handler when it succeeds.
 */
export const route = (nowMs: () => number, handler: (req: Request, res: Response) => Promise<void>, passOn = false): RequestHandler =>
  (req, res, next) => {
    handler(req, res).then(() => { if (passOn) next(); }, (error: unknown) => { next(toApiError(error, nowMs())); });
  };

/** The acting Bitbucket user: the verified session token's subject. */
export const actorOf = (res: Response): EngineActor => ({ id: tenantOf(res).userUuid });

/**
 * The acting user with their display name from the workspace's member list (cached a minute by the engine), so jobs and
 * the audit log say who, not only a uuid. Without the list (budget spent, Bitbucket down) the actor goes unnamed.
 */
export async function namedActor(engine: Engine, res: Response): Promise<EngineActor> {
  const actor = actorOf(res);
  try {
    const found = await engine.access.searchPrincipals(tenantOf(res).clientKey, actor.id, 5);
    const name = found.values.find((p) => p.type === "user" && p.id.toLowerCase() === actor.id.toLowerCase())?.name;
    return name === undefined ? actor : { ...actor, name };
  } catch {
    return actor;
  }
}

/**
 * Parses untrusted input; a failure is a 400 naming every bad field (`ValidationDetails`).
 * @throws {ApiError} 400 VALIDATION_FAILED
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationFailed(what, result.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message })));
}

export const validationFailed = (what: string, fields: ValidationDetails["fields"]): ApiError =>
  new ApiError(400, "VALIDATION_FAILED", `${what} is not valid: ${fields.map((f) => `${f.path} ${f.message}`).join("; ")}`, { fields } satisfies ValidationDetails);

/** Project keys are short upper-case identifiers in Bitbucket; anything else cannot name a project and is refused early. */
export const PROJECT_KEY = /^[A-Za-z0-9_]{1,128}$/;
export const ID = /^[A-Za-z0-9-]{1,64}$/;

/** Keeps per-request facts (the project an id belongs to) for the admin check that runs after the lookup. */
export function requestFacts<T>() {
  const facts = new WeakMap<Request, T>();
  return { set: (req: Request, value: T) => { facts.set(req, value); }, get: (req: Request) => facts.get(req) };
}

/**
 * `principal=user:<id>|group:<slug>` held to the plan request's rules for ids and slugs (no `/`, `..`, control characters),
 * so a query names only what a plan could name; undefined when malformed.
 */
export function checkedPrincipalParam(value: string): PrincipalRef | undefined {
  const p = parsePrincipalParam(value);
  if (!p) return undefined;
  const checked = principalRequestSchema.safeParse(p.type === "user" ? { type: "user", id: p.id } : { type: "group", slug: p.slug });
  return checked.success ? p : undefined;
}
