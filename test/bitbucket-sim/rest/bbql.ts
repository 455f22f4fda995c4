import { SimError } from "./errors";

/**
 * The BBQL subset the simulator understands (§3.0): comparisons `= != ~ !~ > >= < <=`, `IN (…)`,
 * `AND`, `OR` (AND binds tighter), parentheses, and literals: "strings", numbers, null, true, false.
 * Anything else is a 400, as Bitbucket answers an unparseable query.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/intro/#filtering
 */
export type Literal = string | number | boolean | null;
export type Query =
  | { kind: "cmp"; field: string; op: string; value: Literal }
  | { kind: "in"; field: string; values: Literal[] }
  | { kind: "and" | "or"; left: Query; right: Query };

type Token = { t: "str"; v: string } | { t: "word"; v: string } | { t: "op"; v: string } | { t: "punct"; v: string };

const TOKEN = /\s*(?:"((?:[^"\\]|\\.)*)"|(!=|!~|>=|<=|=|~|>|<)|([(),])|([-A-Za-z0-9_.:{}+]+))/y;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < input.length) {
    if (/^\s*$/.test(input.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(input);
    if (!m) throw new SimError(400, `Invalid query near position ${start}: '${input.slice(start)}'`);
    if (m[1] !== undefined) tokens.push({ t: "str", v: m[1].replace(/\\(.)/g, "$1") });
    else if (m[2] !== undefined) tokens.push({ t: "op", v: m[2] });
    else if (m[3] !== undefined) tokens.push({ t: "punct", v: m[3] });
    else tokens.push({ t: "word", v: m[4] ?? "" });
  }
  return tokens;
}

/**
 * Parses a `q` parameter.
 * @throws {SimError} 400 on any syntax error.
 */
export function parseQuery(input: string): Query {
  const tokens = tokenize(input);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const fail = (what: string): never => { throw new SimError(400, `Invalid query: ${what}`, input); };
  const isWord = (w: string): boolean => { const t = peek(); return t?.t === "word" && t.v.toUpperCase() === w; };
  const isPunct = (p: string): boolean => { const t = peek(); return t?.t === "punct" && t.v === p; };

  const literal = (): Literal => {
    const t = tokens[i++];
    if (t?.t === "str") return t.v;
    if (t?.t !== "word") return fail("expected a value");
    if (t.v === "null") return null;
    if (t.v === "true" || t.v === "false") return t.v === "true";
    const n = Number(t.v);
    return Number.isNaN(n) ? t.v : n; // unquoted ISO dates stay strings
  };
  const primary = (): Query => {
    if (isPunct("(")) {
      i++;
      const inner = or();
      if (!isPunct(")")) fail("missing ')'");
      i++;
      return inner;
    }
    const field = tokens[i++];
    if (field?.t !== "word") return fail("expected a field name");
    if (isWord("IN")) {
      i++;
      if (!isPunct("(")) fail("expected '(' after IN");
      i++;
      const values: Literal[] = [literal()];
      while (isPunct(",")) { i++; values.push(literal()); }
      if (!isPunct(")")) fail("missing ')' after IN list");
      i++;
      return { kind: "in", field: field.v, values };
    }
    const op = tokens[i++];
    if (op?.t !== "op") return fail(`expected an operator after ${field.v}`);
    return { kind: "cmp", field: field.v, op: op.v, value: literal() };
  };
  const and = (): Query => {
    let left = primary();
    while (isWord("AND")) { i++; left = { kind: "and", left, right: primary() }; }
    return left;
  };
  const or = (): Query => {
    let left = and();
    while (isWord("OR")) { i++; left = { kind: "or", left, right: and() }; }
    return left;
  };
  const query = or();
  if (i < tokens.length) fail("unexpected trailing input");
  return query;
}

/** Looks a dotted field up in a plain object. */
export function fieldValue(row: unknown, field: string): unknown {
  let value: unknown = row;
  for (const part of field.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Orders values for `<`/`>`; `permission` fields compare by level or role rank, not alphabetically. */
export type Ranker = (field: string, value: unknown) => unknown;

function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

/** Evaluates a parsed query against one row. */
export function matches(query: Query, row: unknown, rank: Ranker = (_f, v) => v): boolean {
  switch (query.kind) {
    case "and": return matches(query.left, row, rank) && matches(query.right, row, rank);
    case "or": return matches(query.left, row, rank) || matches(query.right, row, rank);
    case "in": { const v = fieldValue(row, query.field); return query.values.some((x) => x === v); }
    case "cmp": {
      const actual = fieldValue(row, query.field);
      const want = query.value;
      switch (query.op) {
        case "=": return actual === want || (actual === undefined && want === null);
        case "!=": return !(actual === want || (actual === undefined && want === null));
        case "~": return typeof actual === "string" && actual.toLowerCase().includes(String(want).toLowerCase());
        case "!~": return !(typeof actual === "string" && actual.toLowerCase().includes(String(want).toLowerCase()));
        default: {
          if (actual === undefined || actual === null) return false;
          const c = compare(rank(query.field, actual), rank(query.field, want));
          return query.op === ">" ? c > 0 : query.op === ">=" ? c >= 0 : query.op === "<" ? c < 0 : c <= 0;
        }
      }
    }
  }
}

/** Sorts rows by `sort=field` or `sort=-field` (one field); a stable sort keeps ties in their natural order. */
export function sortRows<T>(rows: T[], sort: string | null, view: (row: T) => unknown = (r) => r): T[] {
  if (sort === null || sort === "") return rows;
  const desc = sort.startsWith("-");
  const field = desc ? sort.slice(1) : sort;
  return [...rows].sort((a, b) => {
    const va = fieldValue(view(a), field), vb = fieldValue(view(b), field);
    if (va === vb) return 0;
    if (va === undefined || va === null) return 1;
    if (vb === undefined || vb === null) return -1;
    return desc ? compare(vb, va) : compare(va, vb);
  });
}
