import express from "express";
import request from "supertest";
import { useLeanJson } from "./lean-json";

function appWithLeanJson(): express.Express {
  const app = express();
  useLeanJson(app);
  app.get("/job", (_req, res) => { res.status(202).set("Retry-After", "3").json({ name: "Zoë ✓", counts: [1, 2] }); });
  app.get("/typed", (_req, res) => { res.type("application/problem+json").json({ title: "x" }); });
  app.get("/nothing", (_req, res) => { res.json(undefined); });
  return app;
}

describe("useLeanJson", () => {
  test("When a route answers with res.json, then the body is the JSON text, typed and measured in bytes, with the route's status and headers", async () => {
    const res = await request(appWithLeanJson()).get("/job").expect(202);
    const text = JSON.stringify({ name: "Zoë ✓", counts: [1, 2] });
    expect(res.text).toBe(text);
    expect(res.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(Number(res.get("Content-Length"))).toBe(Buffer.byteLength(text));
    expect(res.get("Retry-After")).toBe("3");
  });

  test("When the route set its own Content-Type, then it is kept", async () => {
    const res = await request(appWithLeanJson()).get("/typed").expect(200);
    expect(res.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect(res.text).toBe('{"title":"x"}');
  });

  test("When the request is HEAD, then the head says what GET would send and no body follows", async () => {
    const res = await request(appWithLeanJson()).head("/job").expect(202);
    expect(Number(res.get("Content-Length"))).toBe(Buffer.byteLength(JSON.stringify({ name: "Zoë ✓", counts: [1, 2] })));
    expect(res.text).toBeUndefined();
  });

  test("When the body is undefined, then the answer is empty, as with Express's own res.json", async () => {
    const res = await request(appWithLeanJson()).get("/nothing").expect(200);
    expect(res.text).toBe("");
  });

  test("When another app in the process answers, then its res.json is Express's own", async () => {
    const plain = express();
    plain.get("/", (_req, res) => { res.json({ a: 1 }); });
    appWithLeanJson();
    const res = await request(plain).get("/").expect(200);
    // Express's res.send adds an ETag (on by default); the lean one never does.
    expect(res.get("ETag")).toBeDefined();
  });
});
