import type { Response } from "express";

/** Who is calling, from a verified session token and the tenants row; never from the URL or the body. */
export interface TenantContext {
  readonly clientKey: string;
  readonly workspaceUuid: string;
  readonly workspaceSlug: string | undefined;
  /** The token's `sub`: Bitbucket's user `{uuid}` (whether it can be an account id instead is UNCONFIRMED). */
  readonly userUuid: string;
}

// Kept beside the response rather than on res.locals: ACE replaces res.locals wholesale while it verifies.
const contexts = new WeakMap<Response, TenantContext>();

export function setTenantContext(res: Response, context: TenantContext): void {
  contexts.set(res, context);
}

/**
 * The caller's tenant; only routes behind the /api authentication have one.
 * @throws {Error} when called on a route that is not authenticated (a wiring bug, answered 500)
 */
export function tenantOf(res: Response): TenantContext {
  const context = contexts.get(res);
  if (!context) throw new Error("tenantOf() on a route without /api authentication");
  return context;
}
