import { isValidGlob, repositoryFilter } from "./repository-filter";

const slugs = ["api", "web", "mobile-ios", "mobile-android", "mobile-archive", ".github", "Tools"];
const matching = (patterns: Parameters<typeof repositoryFilter>[0]) => slugs.filter(repositoryFilter(patterns));

describe("repository filter", () => {
  test("When there are no patterns, then every repository matches", () => {
    expect(matching(undefined)).toEqual(slugs);
    expect(matching({ include: [], exclude: [] })).toEqual(slugs);
  });

  test("When include patterns are given, then only the matching repositories are selected", () => {
    expect(matching({ include: ["mobile-*", "api"] })).toEqual(["api", "mobile-ios", "mobile-android", "mobile-archive"]);
  });

  test("When a repository is both included and excluded, then exclude wins", () => {
    expect(matching({ include: ["mobile-*"], exclude: ["*-archive"] })).toEqual(["mobile-ios", "mobile-android"]);
  });

  test("When only exclude patterns are given, then everything else matches", () => {
    expect(matching({ exclude: ["mobile-*"] })).toEqual(["api", "web", ".github", "Tools"]);
  });

  test("When patterns use other case, classes or braces, then they match slugs case-insensitively", () => {
    expect(matching({ include: ["MOBILE-{ios,android}"] })).toEqual(["mobile-ios", "mobile-android"]);
    expect(matching({ include: ["[aw]*"] })).toEqual(["api", "web"]);
    expect(matching({ include: ["tools"] })).toEqual(["Tools"]);
  });

  test("When the star is used, then slugs starting with a dot match too", () => {
    expect(matching({ include: ["*"] })).toEqual(slugs);
  });

  test("When a pattern cannot be compiled, then it is reported as invalid", () => {
    expect(isValidGlob("mobile-*")).toBe(true);
    expect(isValidGlob("")).toBe(false);
  });
});
