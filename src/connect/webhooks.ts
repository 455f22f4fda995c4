import { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { Logger } from "../log/logger";
import { ApiError } from "../http/api-error";
import type { Ace } from "./ace";

export const REPO_WEBHOOK_EVENTS = ["repo:created", "repo:updated", "repo:deleted", "repo:transfer"] as const;
export type RepoWebhookEventName = (typeof REPO_WEBHOOK_EVENTS)[number];

/** A verified repository webhook, reduced to what the engine needs; `payload` keeps the rest for whoever wants it. */
export interface RepoWebhookEvent {
  readonly event: RepoWebhookEventName;
  /** From the verified JWT, never from the body. */
  readonly clientKey: string;
  readonly repository: {
    readonly uuid: string;
    readonly slug: string | undefined;
    readonly fullName: string | undefined;
    readonly projectKey: string | undefined;
    readonly projectUuid: string | undefined;
  };
  readonly payload: unknown;
}

export type RepoWebhookListener = (event: RepoWebhookEvent) => Promise<void>;

/**
 * The seam between the webhook routes and the engine: the engine subscribes, a route publishes and answers 204 once every
 * listener has finished (so a listener that fails, say the database is down, makes the delivery fail instead of vanishing).
 */
export class WebhookEvents {
  private readonly listeners = new Set<RepoWebhookListener>();

  /** @returns a function that unsubscribes */
  subscribe(listener: RepoWebhookListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  async publish(event: RepoWebhookEvent): Promise<void> {
    await Promise.all([...this.listeners].map((listener) => listener(event)));
  }
}

/** Connect's envelope `{event, data: {repository}}` or the flat REST one `{repository}` (bitbucket-platform.md §3.9). */
const repositorySchema = z.object({
  uuid: z.string().min(1),
  slug: z.string().optional(),
  full_name: z.string().optional(),
  project: z.object({ key: z.string().optional(), uuid: z.string().optional() }).optional(),
});
const envelopeSchema = z.object({ data: z.object({ repository: repositorySchema }).optional(), repository: repositorySchema.optional() });

/** The path of each webhook in atlassian-connect.json: one URL per event (ACE mounts one handler per URL). */
export function webhookPath(event: RepoWebhookEventName): string {
  return `/webhooks/${event.replace(":", "-")}`;
}

async function receive(ace: Ace, bus: WebhookEvents, logger: Logger, event: RepoWebhookEventName, req: Request, res: Response): Promise<void> {
  const { clientKey } = await ace.verify(req, res, "qsh");
  res.removeHeader("X-acpt");
  const parsed = envelopeSchema.safeParse(req.body);
  const repository = parsed.success ? (parsed.data.data?.repository ?? parsed.data.repository) : undefined;
  if (!repository) throw new ApiError(400, "VALIDATION_FAILED", `The ${event} payload has no repository.uuid`);
  await bus.publish({
    event,
    clientKey,
    repository: {
      uuid: repository.uuid,
      slug: repository.slug,
      fullName: repository.full_name,
      projectKey: repository.project?.key,
      projectUuid: repository.project?.uuid,
    },
    payload: req.body,
  });
  logger.info({ route: "webhook", event, clientKey, repositoryUuid: repository.uuid }, "webhook received");
  res.status(204).end();
}

/**
 * One POST route per descriptor webhook, verified by ACE (JWT signed with the tenant's secret, qsh over the path). They are
 * mounted before ACE's own auto-registered webhook routes, which therefore never run.
 */
export function webhookRoutes(ace: Ace, bus: WebhookEvents, logger: Logger): Router {
  const router = Router();
  for (const event of REPO_WEBHOOK_EVENTS) {
    router.post(webhookPath(event), (req, res, next) => { receive(ace, bus, logger, event, req, res).catch(next); });
  }
  return router;
}
