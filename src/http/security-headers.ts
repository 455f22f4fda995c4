import type { RequestHandler, Response } from "express";
import { DEFAULT_BITBUCKET_API_BASE, type Config } from "../config/env";

export const BITBUCKET_ORIGIN = "https://bitbucket.org";

/**
 * Who may frame our pages: Bitbucket, plus the sandbox's host (the simulator, at BITBUCKET_API_BASE) when the sandbox runs
 * (development only, see readConfig), plus any origin the caller adds (tests, the lead's sandbox wiring).
 */
export function frameAncestors(config: Config, extra: readonly string[] = []): string[] {
  const list = [BITBUCKET_ORIGIN];
  if (config.sandbox && config.bitbucketApiBase !== DEFAULT_BITBUCKET_API_BASE) list.push(new URL(config.bitbucketApiBase).origin);
  for (const origin of extra) if (!list.includes(origin)) list.push(origin);
  return list;
}

/**
 * Headers on every answer: no MIME sniffing, no Referer (page URLs carry `?jwt=`), nothing cached (answers are per user and
 * authenticated), and a CSP that allows nothing and no framing. Page routes replace the CSP with {@link setPageCsp}.
 */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    next();
  };
}

/** The CSP of a page shell: our own scripts and the host script, Atlaskit's inline styles, framing by `ancestors` only. */
export function setPageCsp(res: Response, options: { hostScriptUrl: string; ancestors: readonly string[] }): void {
  const hostScriptOrigin = new URL(options.hostScriptUrl).origin;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' ${hostScriptOrigin}`,
      // Atlaskit (emotion) injects <style> elements at run time.
      "style-src 'self' 'unsafe-inline'",
      // Avatars come from several Atlassian CDNs.
      "img-src 'self' data: https:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      `frame-ancestors ${options.ancestors.join(" ")}`,
    ].join("; "),
  );
}
