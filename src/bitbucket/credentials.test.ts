import { budgetKey, describeCredential, type BitbucketCredential } from "./credentials";

const jwt: BitbucketCredential = { kind: "connect-jwt", appKey: "project-access", clientKey: "connection:42", sharedSecret: "s3cr3t-shared" };
const token: BitbucketCredential = { kind: "api-token", email: "Admin@Example.COM", apiToken: "ATATT-very-secret" };

describe("credentials", () => {
  test("When the credential is a Connect installation, then its budget key is jwt:<clientKey>", () => {
    expect(budgetKey(jwt)).toBe("jwt:connection:42");
  });

  test("When the credential is an API token, then its budget key is user:<lowercased email>", () => {
    expect(budgetKey(token)).toBe("user:admin@example.com");
  });

  test("When a credential is described for a log, then the identity is named and the secret is not", () => {
    expect(describeCredential(jwt)).toContain("connection:42");
    expect(describeCredential(jwt)).not.toContain("s3cr3t");
    expect(describeCredential(token)).toContain("Admin@Example.COM");
    expect(describeCredential(token)).not.toContain("ATATT");
  });
});
