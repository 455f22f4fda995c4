import { SimError } from "./errors";

/**
 * Partial responses (`fields=`, §3.0): bare names keep only those paths, `-x` drops one, `+x` adds one
 * that is hidden by default (such as `values.user.email`). Paths go through arrays, so
 * `values.project.key` applies to every element of `values`; `*` matches every key at its level.
 */
type Json = unknown;
interface Spec { op: "only" | "add" | "remove"; path: string[] }

function parse(raw: string): Spec[] {
  return raw.split(",").map((part) => part.trim() === "" ? undefined : part).filter((p): p is string => p !== undefined)
    .map((part) => {
      // A raw "+" arrives as a space after query decoding; treat it as the "+" the client meant.
      const op = part.startsWith("-") ? "remove" : part.startsWith("+") || part.startsWith(" ") ? "add" : "only";
      const path = (op === "only" ? part : part.slice(1)).trim().split(".");
      if (path.some((s) => s === "")) throw new SimError(400, `Invalid field expression: '${part}'`);
      return { op, path };
    });
}

const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Copies `path` from `src` into `dst`, creating containers as needed; returns the new `dst`. */
function copyPath(src: Json, dst: Json, path: string[]): Json {
  if (path.length === 0) return src;
  if (Array.isArray(src)) {
    const out = Array.isArray(dst) ? dst : src.map(() => undefined);
    return src.map((item, i) => copyPath(item, out[i], path));
  }
  if (!isObject(src)) return dst;
  const [head = "", ...tail] = path;
  const out: Record<string, Json> = isObject(dst) ? dst : {};
  for (const key of head === "*" ? Object.keys(src) : [head]) {
    if (key in src) out[key] = copyPath(src[key], out[key], tail);
  }
  return out;
}

function removePath(value: Json, path: string[]): void {
  if (Array.isArray(value)) { for (const item of value) removePath(item, path); return; }
  if (!isObject(value) || path.length === 0) return;
  const [head = "", ...tail] = path;
  for (const key of head === "*" ? Object.keys(value) : [head]) {
    if (tail.length === 0) delete value[key]; // eslint-disable-line @typescript-eslint/no-dynamic-delete -- path removal is the point
    else removePath(value[key], tail);
  }
}

/**
 * Applies a `fields` parameter to a full response body.
 * @param hidden dotted paths present in `full` but omitted unless named (`+x` or a bare name).
 * @throws {SimError} 400 for an empty path segment.
 */
export function applyFields(full: Json, fields: string | null, hidden: readonly string[] = []): Json {
  const specs = fields === null ? [] : parse(fields);
  const only = specs.filter((s) => s.op === "only");
  let result: Json;
  if (only.length > 0) {
    result = {};
    for (const spec of specs.filter((s) => s.op !== "remove")) result = copyPath(full, result, spec.path);
  } else {
    result = structuredClone(full);
    for (const path of hidden) removePath(result, path.split("."));
    for (const spec of specs.filter((s) => s.op === "add")) result = copyPath(full, result, spec.path);
  }
  for (const spec of specs.filter((s) => s.op === "remove")) removePath(result, spec.path);
  return result;
}
