import type { Paginated } from "../../../src/bitbucket/types";
import type { SimContext } from "./context";
import { SimError } from "./errors";

const DEFAULT_PAGELEN = 10;
const MAX_PAGELEN = 100;

function positiveInt(ctx: SimContext, name: string, fallback: number): number {
  const raw = ctx.query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new SimError(400, `Invalid ${name}: '${raw}'`);
  return value;
}

/**
 * Bitbucket's page envelope (§3.0): `page`/`pagelen` (default 10, max 100: clamped or 400 per
 * `pagelenAbove100`), `size`, and an absolute `next` that is omitted on the last page.
 * @throws {SimError} 400 for a non-positive or non-integer `page`/`pagelen`.
 */
export function paginate<T>(ctx: SimContext, items: readonly T[]): Paginated<T> {
  const page = positiveInt(ctx, "page", 1);
  let pagelen = positiveInt(ctx, "pagelen", DEFAULT_PAGELEN);
  if (pagelen > MAX_PAGELEN) {
    if (ctx.switches.pagelenAbove100 === "400") throw new SimError(400, `Invalid pagelen: maximum is ${MAX_PAGELEN}`);
    pagelen = MAX_PAGELEN;
  }
  const start = (page - 1) * pagelen;
  const result: Paginated<T> = { pagelen, size: items.length, page, values: items.slice(start, start + pagelen) };
  if (start + pagelen < items.length) result.next = pageUrl(ctx, page + 1);
  if (page > 1) result.previous = pageUrl(ctx, page - 1);
  return result;
}

function pageUrl(ctx: SimContext, page: number): string {
  const query = new URLSearchParams(ctx.query);
  query.set("page", String(page));
  return `${ctx.baseUrl}${ctx.rawPath}?${query.toString()}`;
}
