import { randomBytes } from "node:crypto";
import { open, seal, SecretBoxError } from "./secret-box";

describe("secret box", () => {
  const key = randomBytes(32);

  test("When a value is sealed and opened with the same key and context, then the plaintext comes back", () => {
    const sealed = seal(key, "ATATT-token-ü", "connection:1");
    expect(sealed.startsWith("v1:")).toBe(true);
    expect(sealed).not.toContain("ATATT");
    expect(open(key, sealed, "connection:1")).toBe("ATATT-token-ü");
  });

  test("When the same value is sealed twice, then the outputs differ (fresh IV)", () => {
    expect(seal(key, "same")).not.toBe(seal(key, "same"));
  });

  test("When any byte of the sealed value is flipped, then opening fails", () => {
    const sealed = seal(key, "secret value");
    const raw = Buffer.from(sealed.slice(3), "base64");
    for (let i = 0; i < raw.length; i++) {
      const copy = Buffer.from(raw);
      copy[i] = (copy[i] ?? 0) ^ 0x01;
      expect(() => open(key, `v1:${copy.toString("base64")}`)).toThrow(SecretBoxError);
    }
  });

  test("When opened with another key or another context, then opening fails", () => {
    const sealed = seal(key, "secret", "tenant-a");
    expect(() => open(randomBytes(32), sealed, "tenant-a")).toThrow(SecretBoxError);
    expect(() => open(key, sealed, "tenant-b")).toThrow(SecretBoxError);
  });

  test("When the value is truncated, of an unknown version, or the key has the wrong size, then it fails clearly", () => {
    expect(() => open(key, "v1:AAAA")).toThrow(/truncated/);
    expect(() => open(key, `v2:${seal(key, "x").slice(3)}`)).toThrow(/version/);
    expect(() => seal(randomBytes(16), "x")).toThrow(/32 bytes/);
  });
});
