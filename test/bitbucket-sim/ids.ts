import { createHash } from "node:crypto";

/**
 * Deterministic identifiers. Fixtures are rebuilt on every test run, and a stable uuid for
 * "acme/user-07" makes failures reproducible and lets tests hard-code ids when they must.
 */

/** A Bitbucket-style braced uuid (`{xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx}`) derived from `name`. */
export function stableUuid(name: string): string {
  const hex = createHash("sha1").update(name).digest("hex");
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}}`;
}

/** An Atlassian account id (`557058:<uuid>`) derived from `name`. */
export function stableAccountId(name: string): string {
  return `557058:${stableUuid(`account:${name}`).slice(1, -1)}`;
}

/** Bitbucket-like slug: lower case, runs of other characters become one `-`. */
export function slugify(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_.]+/g, "-").replace(/^-+|-+$/g, "");
}

/** True for a braced uuid such as `{85d08b4e-571d-44e9-a507-fa476535aa98}`. */
export const isBracedUuid = (value: string): boolean => /^\{[0-9a-f-]{36}\}$/i.test(value);
