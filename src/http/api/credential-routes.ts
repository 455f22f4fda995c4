import { Router } from "express";
import { z } from "zod";
import type { ApiRouteModule } from "../../app";
import type { CredentialAccount, Engine } from "../../engine";
import type { CredentialStatus } from "../../shared/api-contract";
import { tenantOf } from "../tenant-context";
import { parse, route } from "./route-kit";

const putCredential = z.strictObject({
  email: z.email().max(320),
  // Atlassian API tokens are printable ASCII; a control character or space is a paste error and never goes to Bitbucket.
  apiToken: z.string().min(1).max(2000).regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces or control characters"),
});

const toStatus = (account: CredentialAccount | null): CredentialStatus =>
  account === null ? { configured: false } : {
    configured: true,
    account: {
      email: account.email, displayName: account.displayName, uuid: account.uuid, administersWorkspace: account.administersWorkspace,
      savedAt: new Date(account.savedAtMs).toISOString(),
    },
  };

/**
 * `GET /api/settings/credential` (never the token), `PUT` `{email, apiToken}` (checked against Bitbucket, then sealed;
 * 204, or 400 CREDENTIAL_REJECTED / 403 CREDENTIAL_NOT_ADMIN with the reason) and `DELETE` (204). Workspace admins only.
 */
export const credentialRoutes = (engine: Engine): ApiRouteModule => (kit) => {
  const router = Router();
  const now = () => kit.clock.now();
  const workspaceAdmin = kit.requireAdmin();
  router.get("/settings/credential", workspaceAdmin, route(now, async (_req, res) => {
    res.json(toStatus(await engine.credentials.status(tenantOf(res).clientKey)));
  }));
  router.put("/settings/credential", workspaceAdmin, route(now, async (req, res) => {
    const body = parse(putCredential, req.body, "The credential");
    await engine.credentials.save(tenantOf(res).clientKey, body);
    res.status(204).end();
  }));
  router.delete("/settings/credential", workspaceAdmin, route(now, async (_req, res) => {
    await engine.credentials.remove(tenantOf(res).clientKey);
    res.status(204).end();
  }));
  return router;
};
