import { encodePathSegment, path } from "./path";

describe("path", () => {
  test("When a {uuid} is interpolated, then its braces are percent-encoded", () => {
    expect(path`/2.0/users/${"{d301aafa-d676-4ee0-88be-962be7417567}"}`).toBe("/2.0/users/%7Bd301aafa-d676-4ee0-88be-962be7417567%7D");
  });

  test("When an account_id is interpolated, then its colon is sent as %3A", () => {
    expect(path`/2.0/users/${"557058:ba8948b2"}`).toBe("/2.0/users/557058%3Aba8948b2");
  });

  test("When a value holds ../ or /, then it stays inside one segment", () => {
    expect(path`/2.0/repositories/${"acme"}/${"../../user"}`).toBe("/2.0/repositories/acme/..%2F..%2Fuser");
    expect(path`/2.0/repositories/${"a/b"}`).toBe("/2.0/repositories/a%2Fb");
  });

  test("When a value holds NUL, CR, LF, ?, # or %, then each is encoded", () => {
    expect(path`/2.0/x/${"a\u0000b\r\nc?d#e%f"}`).toBe("/2.0/x/a%00b%0D%0Ac%3Fd%23e%25f");
  });

  test("When a value is empty, . or .., then it is refused because a URL parser would resolve it", () => {
    expect(() => path`/2.0/repositories/${""}`).toThrow(TypeError);
    expect(() => path`/2.0/repositories/${"."}`).toThrow(TypeError);
    expect(() => path`/2.0/repositories/${".."}`).toThrow(TypeError);
  });

  test("When a value holds a lone surrogate, then it is refused with a TypeError", () => {
    expect(() => encodePathSegment("\ud800")).toThrow(TypeError);
  });

  test("When the literal part carries a query or does not start with /, then it is refused", () => {
    expect(() => path`/2.0/repositories/${"acme"}?q=1`).toThrow(TypeError);
    expect(() => path`2.0/user`).toThrow(TypeError);
  });

  test("When a number is interpolated, then it is encoded as its decimal text", () => {
    expect(path`/2.0/x/${42}`).toBe("/2.0/x/42");
  });
});
