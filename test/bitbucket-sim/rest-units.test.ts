import { matches, parseQuery, sortRows } from "./rest/bbql";
import { applyFields } from "./rest/fields";
import { permissionRanker } from "./rest/respond";
import { SimError } from "./rest/errors";

describe("BBQL", () => {
  const row = { name: "geordi", permission: "write", project: { key: "PROJ" }, n: 3 };
  test.each([
    ['project.key="PROJ"', true],
    ['project.key = "OTHER"', false],
    ['name~"EOR"', true],
    ['name!~"eor"', false],
    ['name!="x" AND project.key="PROJ"', true],
    ['name="x" OR project.key="PROJ" AND n>2', true],
    ['(name="x" OR project.key="PROJ") AND n>5', false],
    ['permission>"read"', true],
    ['permission>="admin"', false],
    ["missing=null", true],
    ['name IN ("a","geordi")', true],
    ['name="say \\"hi\\""', false],
  ])("When q is %s, then the row matching is %s", (q, expected) => {
    expect(matches(parseQuery(q), row, permissionRanker)).toBe(expected);
  });

  test.each(["", "name=", 'name "x"', '(name="x"', 'name="x" AND', 'name IN "x"', "name # 1"])(
    "When q is the malformed %p, then it is a 400 SimError", (q) => {
      expect(() => parseQuery(q === "" ? " " : q)).toThrow(SimError);
    },
  );

  test("When rows are sorted by -field, then missing values still go last", () => {
    const rows = [{ a: 2 }, { a: 3 }, {}, { a: 1 }];
    expect(sortRows(rows, "-a")).toEqual([{ a: 3 }, { a: 2 }, { a: 1 }, {}]);
    expect(sortRows(rows, "a")).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }, {}]);
  });
});

describe("fields", () => {
  const body = { size: 2, next: "n", values: [{ a: 1, b: { c: 2, d: 3 }, secret: "s" }, { a: 4, b: { c: 5, d: 6 }, secret: "t" }] };

  test("When bare paths are listed, then only those remain, through arrays", () => {
    expect(applyFields(body, "next,values.b.c", ["values.secret"])).toEqual({ next: "n", values: [{ b: { c: 2 } }, { b: { c: 5 } }] });
  });

  test("When -x and +x are used, then x is dropped or a hidden field is added", () => {
    expect(applyFields(body, "-values.b,-size", ["values.secret"])).toEqual({ next: "n", values: [{ a: 1 }, { a: 4 }] });
    expect(applyFields(body, "+values.secret", ["values.secret"])).toEqual(body);
    expect(applyFields(body, " values.secret", ["values.secret"])).toEqual(body); // an unencoded "+" decodes to a space
  });

  test("When * is used, then every key at that level is kept", () => {
    expect(applyFields(body, "values.b.*")).toEqual({ values: [{ b: { c: 2, d: 3 } }, { b: { c: 5, d: 6 } }] });
  });

  test("When a path has an empty segment, then it is a 400", () => {
    expect(() => applyFields(body, "values..a")).toThrow(SimError);
  });
});
