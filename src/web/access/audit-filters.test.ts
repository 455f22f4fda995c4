import { auditQueryFrom, noAuditFilters } from "./audit-filters";

describe("audit filters", () => {
  test("When no filter is set, then only the project is asked for", () => {
    expect(auditQueryFrom("MOBILE", noAuditFilters)).toEqual({ project: "MOBILE" });
  });

  test("When a principal and days are chosen, then they become principal=, since= and an inclusive until=", () => {
    const query = auditQueryFrom("MOBILE", { principal: { type: "group", slug: "devs", name: "Devs" }, sinceDate: "2024-05-01", untilDate: "2024-05-01" });
    expect(query.principal).toBe("group:devs");
    expect(Date.parse(query.until ?? "") - Date.parse(query.since ?? "")).toBe(24 * 3600 * 1000);
    expect(new Date(query.since ?? "").getDate()).toBe(1);
  });

  test("When a date is malformed, then it is ignored", () => {
    expect(auditQueryFrom("P", { ...noAuditFilters, sinceDate: "yesterday" })).toEqual({ project: "P" });
  });
});
