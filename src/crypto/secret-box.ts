import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** Sealed values start with this version tag, so a later key or algorithm change can tell old values apart. */
const PREFIX = "v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** A sealed value could not be opened: wrong key, wrong context, tampered, truncated or of an unknown version. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new SecretBoxError(`the key must be ${KEY_BYTES} bytes, got ${key.length}`);
}

/**
 * Encrypts a secret (an admin's API token) with AES-256-GCM under the app key.
 * Output: `v1:` + base64(iv(12) || tag(16) || ciphertext). A fresh random IV per call.
 * @param context bound as additional authenticated data (e.g. the clientKey): a value sealed for one tenant does not
 *   open for another, even when someone copies the row.
 */
export function seal(key: Buffer, plaintext: string, context = ""): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64");
}

/**
 * Decrypts a value made by {@link seal}, checking its tag.
 * @throws {SecretBoxError} when the value was tampered with, the key or context differ, or the format is unknown
 */
export function open(key: Buffer, sealed: string, context = ""): string {
  checkKey(key);
  if (!sealed.startsWith(PREFIX)) throw new SecretBoxError("unknown sealed-value version");
  const raw = Buffer.from(sealed.slice(PREFIX.length), "base64");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError("sealed value is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("sealed value failed authentication (tampered, or sealed under another key or context)");
  }
}
