declare const apiPathBrand: unique symbol;

/**
 * A request path under the API host (`/2.0/...` or `/1.0/...`) whose interpolated parts are all percent-encoded.
 * Only the {@link path} tag makes one, so an unencoded `{uuid}` or `557058:x` cannot reach the wire.
 */
export type ApiPath = string & { readonly [apiPathBrand]: true };

/**
 * Percent-encodes one path segment: `{uuid}` → `%7B…%7D`, `557058:x` → `557058%3Ax`, and `/`, `?`, `#`, `%`, NUL and CRLF are
 * encoded too, so a value can never add a segment, a query or a header line.
 * @throws {TypeError} for an empty value, `.` or `..` (a URL parser would resolve these, encoded or not), or a lone surrogate.
 */
export function encodePathSegment(value: string): string {
  if (value === "" || value === "." || value === "..") {
    throw new TypeError(`A path segment cannot be ${JSON.stringify(value)}`);
  }
  try {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    throw new TypeError("A path segment must be well-formed Unicode");
  }
}

/**
 * Tagged template that builds an {@link ApiPath}, encoding every interpolated value as one path segment:
 * ``path`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/users/${userId}` ``.
 * The literal parts are trusted and must start with `/`; use a query object, never the template, for `?…`.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/intro/#uri-uuid
 * @throws {TypeError} when the literal parts do not start with `/` or hold `?` or `#`, or a value cannot be a segment.
 */
export function path(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number>): ApiPath {
  const literal = strings.join("");
  if (!literal.startsWith("/")) throw new TypeError("An API path must start with /");
  if (/[?#]/.test(literal)) throw new TypeError("Pass query parameters as an object, not in the path");
  let result = strings[0] ?? "";
  values.forEach((value, index) => {
    result += encodePathSegment(String(value)) + (strings[index + 1] ?? "");
  });
  return result as ApiPath;
}
