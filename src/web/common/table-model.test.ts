import { filterRows, pageOf, sortRows } from "./table-model";

describe("table model", () => {
  const rows = Array.from({ length: 5000 }, (_, i) => ({ name: `repo-${i}`, n: i % 7 }));

  test("When 5,000 rows are paged by 25, then one page holds 25 rows and the last page is clamped", () => {
    expect(pageOf(rows, { page: 1, pageSize: 25 }).rows).toHaveLength(25);
    const last = pageOf(rows, { page: 999, pageSize: 25 });
    expect([last.page, last.pages, last.rows[0]?.name]).toEqual([200, 200, "repo-4975"]);
    expect(pageOf([], { page: 3, pageSize: 25 })).toEqual({ rows: [], page: 1, pages: 1 });
  });

  test("When sorting strings, then the order is natural and case-insensitive; numbers sort numerically and stably", () => {
    const sorted = sortRows([{ s: "b10" }, { s: "B2" }, { s: "a" }], (r) => r.s, "ASC").map((r) => r.s);
    expect(sorted).toEqual(["a", "B2", "b10"]);
    const byN = sortRows(rows.slice(0, 14), (r) => r.n, "DESC");
    expect(byN.slice(0, 2).map((r) => r.name)).toEqual(["repo-6", "repo-13"]);
  });

  test("When filtering, then every word must match, case-insensitively", () => {
    const people = [{ t: "Ana Lima user" }, { t: "Contractors group" }];
    expect(filterRows(people, (p) => p.t, "ana USER")).toEqual([{ t: "Ana Lima user" }]);
    expect(filterRows(people, (p) => p.t, "  ")).toBe(people);
  });
});
