import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Config } from "./env";

/**
 * The key that encrypts stored credentials. In production it must come from APP_SECRET_KEY (readConfig enforces that);
 * on the embedded default it is generated once into the data directory with mode 0600, so a restart can still decrypt.
 */
export function loadOrCreateSecretKey(config: Config): Buffer {
  if (config.appSecretKey) return config.appSecretKey;
  const file = path.join(config.dataDir, "app-secret.key");
  if (fs.existsSync(file)) {
    const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key; remove it or set APP_SECRET_KEY`);
    return key;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString("base64"), { mode: 0o600, flag: "wx" });
  return key;
}
