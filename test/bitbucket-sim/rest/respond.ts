import type { SimContext, SimResponse } from "./context";
import { applyFields } from "./fields";
import { parseQuery, matches, type Ranker, sortRows } from "./bbql";
import { paginate } from "./pagination";

/** Ranks `permission` values (levels and workspace roles) so `permission>"read"` means write or admin. */
export const permissionRanker: Ranker = (field, value) => {
  if (field !== "permission" || typeof value !== "string") return value;
  const order = ["none", "member", "read", "collaborator", "write", "create-repo", "admin", "owner"];
  const rank = order.indexOf(value);
  return rank < 0 ? value : rank;
};

/**
 * Filters (`q`) and sorts (`sort`) rows by their API view; `view` maps a row to the object BBQL paths
 * are evaluated on. @throws {SimError} 400 for an unparseable `q`.
 */
export function filterAndSort<T>(ctx: SimContext, rows: T[], view: (row: T) => unknown): T[] {
  const q = ctx.query.get("q");
  const query = q === null || q.trim() === "" ? undefined : parseQuery(q);
  const filtered = query ? rows.filter((row) => matches(query, view(row), permissionRanker)) : rows;
  return sortRows(filtered, ctx.query.get("sort"), view);
}

/** A 200 page of `items` with `fields` applied. `hidden` paths are dropped unless asked for. */
export function pageResponse(ctx: SimContext, items: readonly unknown[], hidden: readonly string[] = []): SimResponse {
  return { status: 200, body: applyFields(paginate(ctx, items), ctx.query.get("fields"), hidden) };
}

/** A 200 single object with `fields` applied. */
export function objectResponse(ctx: SimContext, body: unknown, hidden: readonly string[] = []): SimResponse {
  return { status: 200, body: applyFields(body, ctx.query.get("fields"), hidden) };
}
