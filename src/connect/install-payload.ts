import { z } from "zod";

/** `{e123f456-…}`: a workspace uuid as Bitbucket writes it (Sentry's test_installed_rejects_invalid_workspace_uuid). */
export const WORKSPACE_UUID = /^\{[0-9a-f-]{36}\}$/;
/** `connection:123456` (unregistered app) or `ari:cloud:bitbucket::app/{…}/key` (registered): printable, no spaces. */
export const CLIENT_KEY = /^[A-Za-z0-9:._{}/@+-]{1,255}$/;
/** Atlassian documents at most 128 characters; we allow headroom rather than fail a real install on a longer secret. */
export const MAX_SHARED_SECRET_LENGTH = 256;

const httpUrl = z.string().max(2048).refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}, "must be an http(s) URL");

/**
 * The `installed` payload, validated before anything else looks at it (bitbucket-platform.md §2.2, §2.3 step 2).
 * Unknown fields are dropped: only what is validated is ever stored.
 */
export function installPayloadSchema(appKey: string) {
  return z.object({
    key: z.literal(appKey, { error: `key must be "${appKey}"` }),
    productType: z.literal("bitbucket", { error: 'productType must be "bitbucket"' }),
    eventType: z.literal("installed", { error: 'eventType must be "installed"' }),
    clientKey: z.string().regex(CLIENT_KEY, "clientKey must be 1–255 printable characters without spaces"),
    sharedSecret: z.string().min(1, "sharedSecret is missing").max(MAX_SHARED_SECRET_LENGTH, `sharedSecret is longer than ${MAX_SHARED_SECRET_LENGTH} characters`),
    baseUrl: httpUrl,
    baseApiUrl: httpUrl,
    principal: z.object({
      uuid: z.string().regex(WORKSPACE_UUID, "principal.uuid must look like {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}"),
      username: z.string().max(255).optional(),
    }),
  });
}

export type InstallPayload = z.infer<ReturnType<typeof installPayloadSchema>>;

/** The uninstalled payload: only its clientKey matters, and the signature decides whether it is believed. */
export const uninstallPayloadSchema = z.object({
  clientKey: z.string().regex(CLIENT_KEY, "clientKey must be 1–255 printable characters without spaces"),
});

/** zod issues as `{path, message}` only: never the received values, which may include the secret. */
export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}
