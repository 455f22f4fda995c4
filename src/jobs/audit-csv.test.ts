import type { AuditEntry } from "./audit";
import { csvCell, toCsv } from "./audit-csv";

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  id: 1, at: "2024-05-18T10:00:00.000Z", atMs: Date.parse("2024-05-18T10:00:00.000Z"), actor: { id: "{admin}", name: "Ada, Admin" },
  projectKey: "MOBILE", target: "repository", repository: { slug: "api", uuid: "{r1}" }, principal: { type: "group", slug: "devs", name: "Devs" },
  before: "none", after: "write", jobId: "job-1", result: "done", error: null, ...over,
});

describe("audit CSV", () => {
  test("When a cell starts with a formula character, then it is prefixed with a quote mark", () => {
    for (const dangerous of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) expect(csvCell(dangerous).replace(/^"/, "")).toMatch(/^'/);
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a=b")).toBe("a=b");
  });

  test("When a cell holds commas, quotes or line breaks, then it is quoted with quotes doubled", () => {
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("=cmd|' /C calc'!A0, x")).toBe(`"'=cmd|' /C calc'!A0, x"`);
    expect(csvCell(null)).toBe("");
  });

  test("When entries are exported, then there is a header and one CRLF line per entry with hostile text neutralised", () => {
    const csv = toCsv([entry(), entry({ result: "failed", principal: { type: "user", uuid: "{u}", name: "@evil" }, error: { code: "BAD_REQUEST", message: "=HYPERLINK(\"x\")" } })]);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("time,actor,actor_name,project,target,repository_slug,repository_uuid,principal_type,principal,principal_name,before,after,job,result,error_code,error_message");
    expect(lines[1]).toBe('2024-05-18T10:00:00.000Z,{admin},"Ada, Admin",MOBILE,repository,api,{r1},group,devs,Devs,none,write,job-1,done,,');
    expect(lines[2]).toContain(",user,{u},'@evil,");
    expect(lines[2]).toMatch(/,BAD_REQUEST,"'=HYPERLINK\(""x""\)"$/);
    expect(lines[3]).toBe("");
  });
});
