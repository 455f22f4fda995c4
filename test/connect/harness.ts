import { randomBytes, randomUUID } from "node:crypto";
import type express from "express";
import request from "supertest";
import { createQueryStringHash, encodeSymmetric, SymmetricAlgorithm } from "atlassian-jwt";
import { closeApp, createApp, type AppDeps } from "../../src/app";
import { readConfig, type Config } from "../../src/config/env";
import { openDatabase, type Database } from "../../src/db/database";
import { createLogger } from "../../src/log/logger";
import { createTestDatabaseUrl, type TestDatabaseUrl } from "../helpers/test-database";
import { APP_KEY, startFakeBitbucket, type FakeBitbucket } from "./fake-bitbucket";

export const LOCAL_BASE_URL = "https://app.example.test";

/** One workspace as the tests install it. */
export interface Workspace {
  readonly clientKey: string;
  readonly sharedSecret: string;
  readonly workspaceUuid: string;
  readonly workspaceSlug: string;
}

export function aWorkspace(slug = `ws-${randomBytes(3).toString("hex")}`): Workspace {
  return {
    clientKey: `connection:${randomBytes(6).toString("hex")}`,
    sharedSecret: `secret-${randomBytes(24).toString("base64url")}`,
    workspaceUuid: `{${randomUUID()}}`,
    workspaceSlug: slug,
  };
}

export const aUserUuid = (): string => `{${randomUUID()}}`;

export interface Harness {
  readonly app: express.Express;
  readonly db: Database;
  readonly config: Config;
  readonly bitbucket: FakeBitbucket;
  /** Every line the app logged, as written. */
  readonly logLines: string[];
  installedPayload(ws: Workspace, overrides?: Record<string, unknown>): Record<string, unknown>;
  /** Registers the workspace with the fake Bitbucket and installs it through POST /installed; expects 204. */
  install(ws: Workspace): Promise<void>;
  /** A page JWT as Bitbucket would put on the iframe URL. */
  pageJwt(ws: Workspace, path: string, query: Record<string, string>, claims?: Record<string, unknown>): string;
  /** Opens /access as `user` and returns the session token from X-acpt. */
  sessionToken(ws: Workspace, user: string): Promise<string>;
  close(): Promise<void>;
}

export const nowSec = (): number => Math.floor(Date.now() / 1000);

export function lifecycleJwt(ws: Workspace, path: string, secret = ws.sharedSecret): string {
  const qsh = createQueryStringHash({ method: "POST", pathname: path, query: {} });
  return encodeSymmetric({ iss: ws.clientKey, aud: ws.clientKey, iat: nowSec(), exp: nowSec() + 180, qsh }, secret, SymmetricAlgorithm.HS256);
}

export async function startHarness(extra: Partial<AppDeps> = {}, env: Record<string, string> = {}): Promise<Harness> {
  const testDb: TestDatabaseUrl = await createTestDatabaseUrl();
  const bitbucket = await startFakeBitbucket();
  const config = readConfig({
    NODE_ENV: "test",
    DATABASE_URL: testDb.url,
    AC_LOCAL_BASE_URL: LOCAL_BASE_URL,
    AC_HOST_WHITELIST: "127.0.0.1",
    BITBUCKET_API_BASE: bitbucket.url,
    LOG_LEVEL: "debug",
    ...env,
  });
  const db = await openDatabase(config.databaseUrl);
  const logLines: string[] = [];
  const logger = createLogger("debug", { write: (line: string) => { logLines.push(line); } });
  const app = await createApp({ config, db, logger, env: {}, ...extra });

  const installedPayload = (ws: Workspace, overrides: Record<string, unknown> = {}) => ({
    key: APP_KEY,
    eventType: "installed",
    productType: "bitbucket",
    clientKey: ws.clientKey,
    sharedSecret: ws.sharedSecret,
    publicKey: "not-used",
    baseUrl: "https://bitbucket.org",
    baseApiUrl: bitbucket.url,
    principal: { type: "team", uuid: ws.workspaceUuid, username: ws.workspaceSlug, display_name: "Acme" },
    user: { type: "user", uuid: aUserUuid() },
    ...overrides,
  });

  const pageJwt = (ws: Workspace, path: string, query: Record<string, string>, claims: Record<string, unknown> = {}) => {
    const qsh = createQueryStringHash({ method: "GET", pathname: path, query });
    return encodeSymmetric({ iss: ws.clientKey, aud: ws.clientKey, sub: aUserUuid(), iat: nowSec(), exp: nowSec() + 180, qsh, ...claims }, ws.sharedSecret, SymmetricAlgorithm.HS256);
  };

  return {
    app,
    db,
    config,
    bitbucket,
    logLines,
    installedPayload,
    async install(ws) {
      bitbucket.registerInstallation(ws);
      await request(app).post("/installed").send(installedPayload(ws)).expect(204);
    },
    pageJwt,
    async sessionToken(ws, user) {
      const jwt = pageJwt(ws, "/access", { workspace: ws.workspaceSlug }, { sub: user });
      const res = await request(app).get("/access").query({ workspace: ws.workspaceSlug, jwt }).expect(200);
      const token = res.headers["x-acpt"];
      if (typeof token !== "string") throw new Error("no X-acpt on the page");
      return token;
    },
    async close() {
      await closeApp(app);
      await db.close();
      await bitbucket.close();
      await testDb.drop();
    },
  };
}
