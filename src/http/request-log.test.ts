import { Writable } from "node:stream";
import express from "express";
import request from "supertest";
import { createLogger } from "../log/logger";
import { TRACE_ID_HEADER } from "../shared/api-types";
import { requestLog } from "./request-log";

function appLoggingTo(lines: Record<string, unknown>[]): express.Express {
  const sink = new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } });
  const app = express();
  app.use(requestLog(createLogger("info", sink)));
  app.get("/api/jobs/:id", (_req, res) => { res.status(200).json({ ok: true }); });
  return app;
}

describe("requestLog", () => {
  test("When a request is answered, then one line holds its method, path without the query, status, duration and trace id", async () => {
    const lines: Record<string, unknown>[] = [];
    const res = await request(appLoggingTo(lines)).get("/api/jobs/j1?jwt=eyJsecret.part.sig&items=none").expect(200);
    expect(lines).toEqual([
      expect.objectContaining({ msg: "request", method: "GET", path: "/api/jobs/j1", status: 200, ms: expect.any(Number) as number, traceId: res.get(TRACE_ID_HEADER) }),
    ]);
    expect(JSON.stringify(lines)).not.toContain("eyJsecret");
  });
});
