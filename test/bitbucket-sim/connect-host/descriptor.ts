import { z } from "zod";

/**
 * The parts of an app descriptor (atlassian-connect.json, bitbucket-platform.md §2.1) the host acts on. Bitbucket rejects
 * a descriptor without these; so does the simulator, with the zod issue, so a broken descriptor fails the install loudly.
 */
const moduleSchema = z.object({
  key: z.string().regex(/^[a-zA-Z0-9-]{1,128}$/),
  name: z.object({ value: z.string() }),
  url: z.string(),
  location: z.string().optional(),
});

const descriptorSchema = z.object({
  key: z.string().min(1),
  name: z.string().min(1),
  baseUrl: z.url(),
  authentication: z.object({ type: z.enum(["jwt", "none"]) }),
  lifecycle: z.object({ installed: z.string(), uninstalled: z.string() }),
  modules: z.object({
    adminPages: z.array(moduleSchema).optional(),
    configurePage: moduleSchema.optional(),
    webhooks: z.array(z.object({ event: z.string(), url: z.string() })).optional(),
  }).default({}),
});

export type AppDescriptor = z.infer<typeof descriptorSchema>;
export type PageModule = z.infer<typeof moduleSchema> & { kind: "adminPage" | "configurePage" };

/**
 * GETs and validates a descriptor.
 * @throws {Error} when it cannot be fetched or lacks a required field
 */
export async function fetchDescriptor(descriptorUrl: string): Promise<AppDescriptor> {
  const response = await fetch(descriptorUrl, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${descriptorUrl} answered ${response.status}`);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new Error(`The descriptor at ${descriptorUrl} is not JSON`);
  }
  const parsed = descriptorSchema.safeParse(json);
  if (!parsed.success) throw new Error(`The descriptor at ${descriptorUrl} is invalid: ${parsed.error.message}`);
  return { ...parsed.data, baseUrl: parsed.data.baseUrl.replace(/\/+$/, "") };
}

/** The page modules a workspace admin sees in settings, in Bitbucket's order: admin pages, then the configure page. */
export function pageModules(descriptor: AppDescriptor): PageModule[] {
  const admin = (descriptor.modules.adminPages ?? []).map((m) => ({ ...m, kind: "adminPage" as const }));
  const configure = descriptor.modules.configurePage ? [{ ...descriptor.modules.configurePage, kind: "configurePage" as const }] : [];
  return [...admin, ...configure];
}

/** A URL relative to the app's baseUrl, made absolute (descriptor URLs start with `/`). */
export const appUrl = (descriptor: AppDescriptor, relative: string): string => `${descriptor.baseUrl}${relative}`;
