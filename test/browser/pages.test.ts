/**
 * The built Access page in headless Chromium against a FAKE /api (fake-api.ts), for what the sandbox (test/sandbox, the real
 * API on the simulator's demo workspace) cannot show cheaply: a project with 5,003 principals (the table stays responsive:
 * one page of 25 rendered, sorting, filtering and paging each well under a second) and a job that ends with failures
 * (reasons, "Retry failed"). The real flows (preview, apply, undo, refusal, credential) are in test/sandbox/pages.test.ts.
 * Screenshots go to test-artifacts/browser/.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import { chromium, type Browser, type Page } from "playwright-core";
import { createFakeApi, type FakeApiState } from "./fake-api";

const ROOT = path.resolve(__dirname, "../..");
const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = path.join(ROOT, "test-artifacts", "browser");

/** A page shell like views/page.hbs: the session token in `<meta name="acpt">`, `#root` with the project, a classic script. */
const shell = (page: string, token: string, project: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="acpt" content="${token}">
<meta name="settings-url" content="/configure"><title>${page}</title></head>
<body><div class="ac-content"><div id="root" data-page="${page}" data-project="${project}"></div></div>
<script src="/assets/${page}.js"></script></body></html>`;

let outdir: string;
let server: Server;
let baseUrl: string;
let browser: Browser;
let fake: FakeApiState;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  outdir = mkdtempSync(path.join(tmpdir(), "pa-web-"));
  execFileSync(process.execPath, [path.join(ROOT, "scripts/build-web.mjs"), `--outdir=${outdir}`], { cwd: ROOT, stdio: "pipe" });
  const api = createFakeApi();
  fake = api.state;
  const app = express();
  app.use("/assets", express.static(outdir));
  app.use("/api", api.router);
  for (const name of ["access", "configure"]) {
    app.get(`/${name}`, (req, res) => { const query = (key: string): string => (typeof req.query[key] === "string" ? req.query[key] : "");
      res.type("html").send(shell(name, query("token") || "fake-token-0", query("project").replace(/[^A-Za-z0-9_-]/g, ""))); });
  }
  server = await new Promise<Server>((resolve) => { const s = app.listen(0, "127.0.0.1", () => { resolve(s); }); });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 120_000);

afterAll(async () => {
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(outdir, { recursive: true, force: true });
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => { pageErrors.push(error.message); });
});

afterEach(async () => { await page.close(); });

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** How long an interaction takes until `done` holds, in ms. */
async function timed(action: () => Promise<unknown>, done: () => Promise<unknown>): Promise<number> {
  const start = Date.now();
  await action();
  await done();
  return Date.now() - start;
}

test("When the Access page opens on ?project=MOBILE with 5,003 principals, then one page of 25 renders, sorting, filtering and paging stay fast, the drill-down works, and the fresh token is used", async () => {
  await page.goto(`${baseUrl}/access?project=MOBILE`);
  const table = page.getByRole("table", { name: "Principals with access to the project" });
  await table.waitFor();
  expect(await table.locator("tbody tr").count()).toBe(25);
  await page.getByText("Read from Bitbucket 5 minutes ago").waitFor();
  await shot("access-overview");

  const firstName = () => table.locator("tbody tr").first().locator("td").first().innerText();
  const timings = {
    sortByName: await timed(() => table.getByRole("button", { name: "Name" }).click(), () => page.waitForFunction(() =>
      document.querySelector("tbody tr td")?.textContent === "Contractors")),
    nextPage: await timed(() => page.getByRole("button", { name: "Next page" }).click(), async () => { expect(await firstName()).not.toBe("Contractors"); }),
    filter: await timed(() => page.getByLabel("Filter by name").fill("User 4999"), () => page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 1)),
  };
  expect(await firstName()).toBe("User 4999");
  for (const ms of Object.values(timings)) expect(ms).toBeLessThan(1500);
  // Clearing the filter shows the first page again (sorted by name: Developers is on it), not the page last open.
  await page.getByLabel("Filter by name").fill("");
  await page.getByRole("button", { name: "Show the repositories of Developers" }).click();
  const detail = page.getByRole("table", { name: "Repositories and the access of Developers" });
  await detail.waitFor();
  expect(await detail.locator("tbody tr").count()).toBe(25);
  await page.getByText("Admin from a repository grant; Write from the project grant").first().waitFor();
  await shot("access-principal-detail");
  // The first calls go out together with the shell's token; later ones carry a token from an X-acpt header.
  expect(fake.tokensSeen[0]).toBe("fake-token-0");
  expect(fake.tokensSeen.at(-1)).not.toBe("fake-token-0");
  expect(pageErrors).toEqual([]);
});

test("When a job ends with failures, then the results list each failure with Bitbucket's reason and offer Retry failed and Undo", async () => {
  fake.credential = { configured: true, account: { email: "ada@example.com", displayName: "Ada Admin", uuid: "{admin}", administersWorkspace: true, savedAt: new Date().toISOString() } };
  await page.goto(`${baseUrl}/access?project=MOBILE`);
  await page.getByRole("tab", { name: "Change access" }).click();
  await page.getByLabel("User or group").fill("contr");
  await page.getByText("Contractors (group contractors)").click();
  await page.getByLabel("Each repository (explicit repository grants)").check();
  await shot("access-change-form");
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByTestId("plan-preview").waitFor();
  expect(await page.getByTestId("summary-grant").textContent()).toBe("270");
  expect(await page.getByRole("table", { name: "Changes in this plan" }).locator("tbody tr").count()).toBe(25);
  await page.getByText("One project grant would do this in a single call").waitFor();
  await shot("access-preview");
  await page.getByRole("button", { name: "Apply 270 changes" }).click();
  await page.getByTestId("job-view").waitFor();
  await page.getByRole("progressbar").waitFor();
  await shot("access-progress");
  await page.getByRole("heading", { name: "Change: finished with failures" }).waitFor({ timeout: 20_000 });
  expect(await page.getByTestId("job-state").textContent()).toContain("Finished with failures: 268 made, 2 changes failed.");
  await page.getByRole("button", { name: "Retry failed (2)" }).waitFor();
  await page.getByRole("button", { name: "Undo this change" }).waitFor();
  await page.getByText("the requesting user isn't an admin of the repository").first().waitFor();
  await shot("access-job-finished");
  expect(pageErrors).toEqual([]);
}, 60_000);
