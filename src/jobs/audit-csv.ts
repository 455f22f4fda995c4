import type { AuditEntry } from "./audit";

const HEADER = [
  "time", "actor", "actor_name", "project", "target", "repository_slug", "repository_uuid",
  "principal_type", "principal", "principal_name", "before", "after", "job", "result", "error_code", "error_message",
];

/**
 * Spreadsheets run a cell that starts with one of these as a formula (CSV injection), and a principal's display name or
 * Bitbucket's error text is not ours to trust. Prefixing `'` makes the cell text.
 * @see https://owasp.org/www-community/attacks/CSV_Injection
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: neutralised, then quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvCell(value: string | number | null): string {
  let text = value === null ? "" : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The audit log as CSV with a header row and CRLF line ends, as `GET /api/audit?format=csv` serves it. */
export function toCsv(entries: readonly AuditEntry[]): string {
  const lines = [HEADER.join(",")];
  for (const e of entries) {
    const p = e.principal;
    const cells = [
      e.at, e.actor.id, e.actor.name, e.projectKey, e.target, e.repository?.slug ?? null, e.repository?.uuid ?? null,
      p.type, p.type === "user" ? p.uuid : p.slug, p.name ?? null, e.before, e.after, e.jobId, e.result,
      e.error?.code ?? null, e.error?.message ?? null,
    ];
    lines.push(cells.map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
