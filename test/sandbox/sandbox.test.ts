/**
 * The sandbox as `npm start` runs it (harness.ts: the simulator with the demo workspace, the app installed through the real
 * lifecycle, the demo write credential saved through the app's API, production's engine tuning), the printed URL opened in
 * headless Chromium. Screenshots go to test-artifacts/sandbox/.
 */
import type { Page } from "playwright-core";
import { ACCESS_MODULE_KEY } from "../../src/sandbox";
import { screenshot, startSandboxHarness, type SandboxHarness } from "./harness";

let harness: SandboxHarness;
let sandbox: SandboxHarness["sandbox"];
let url: string;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  harness = await startSandboxHarness();
  sandbox = harness.sandbox;
  url = harness.url;
}, 120_000);

afterAll(async () => { await harness.close(); });

beforeEach(async () => {
  ({ page, errors: pageErrors } = await harness.newPage());
});
afterEach(async () => { await page.close(); });

const shot = (name: string) => screenshot(page, name);
const frame = () => page.frameLocator("#ac-frame");

test("When the printed URL is opened, then Bitbucket's workspace settings show the app's Access page, installed and signed for real", async () => {
  expect(url).toBe(`${sandbox.sim.url}/sandbox/acme/settings/${ACCESS_MODULE_KEY}`);
  await page.goto(url);
  const nav = page.getByRole("navigation", { name: "Workspace settings" });
  expect(await nav.getByRole("link", { name: "Project access" }).getAttribute("aria-current")).toBe("page");
  await nav.getByRole("link", { name: "Settings" }).waitFor();

  await frame().getByRole("heading", { name: "Project access" }).waitFor();
  await frame().getByText("Choose a project to see who has access to it.").waitFor();
  await frame().locator("#project-picker").click();
  for (const name of ["Platform (PLAT)", "Web (WEB)", "Data (DATA)", "Operations (OPS)"]) await frame().getByText(name, { exact: true }).waitFor();
  await frame().getByText("Platform (PLAT)", { exact: true }).click();
  await frame().getByRole("heading", { name: "Who has access to Platform" }).waitFor({ timeout: 30_000 });
  // The host script's sizeToParent (views/page.hbs asks for it) reached the host page.
  expect(await page.locator("#ac-frame.fill").count()).toBe(1);
  await shot("access-in-workspace-settings");

  // Real install and real JWTs: the iframe carried a page JWT, and the app read Bitbucket with its installation JWT.
  const src = new URL((await page.locator("#ac-frame").getAttribute("src"))!);
  expect(src.pathname).toBe("/access");
  expect(src.searchParams.get("jwt")).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(sandbox.host.saved()).toEqual([expect.objectContaining({ appKey: "project-access", installed: true })]);
  const appCalls = sandbox.sim.requests().filter((r) => r.authKind === "connect-jwt");
  expect(appCalls.length).toBeGreaterThan(0);
  expect(appCalls.every((r) => r.status < 400)).toBe(true);
  expect(pageErrors).toEqual([]);
}, 60_000);

test("When a plain member is chosen in the user switcher, then the app (checking Bitbucket) refuses them", async () => {
  await page.goto(url);
  await frame().getByRole("heading", { name: "Project access" }).waitFor();
  const firstJwt = await page.locator("#ac-frame").getAttribute("src");
  await Promise.all([page.waitForURL(/as=/), page.locator("#as").selectOption({ label: "User 05 (member)" })]);
  await frame().getByText("Only administrators can manage access").waitFor({ timeout: 30_000 });
  expect(await page.locator("#ac-frame").getAttribute("src")).not.toBe(firstJwt);
  await shot("access-as-member");
});

test("When the app asks the host to open its Settings page, then the host navigates there with a new iframe JWT, showing the demo credential", async () => {
  await page.goto(url);
  await frame().getByRole("heading", { name: "Project access" }).waitFor();
  const appFrame = page.frames().find((f) => f.url().includes("/access?"))!;
  await Promise.all([
    page.waitForURL(/\/settings\/project-access-configure/),
    appFrame.evaluate(() => { (window as unknown as { AP: { navigator: { go(t: string, c: object): void } } }).AP.navigator.go("addonmodule", { moduleKey: "project-access-configure" }); }),
  ]);
  await frame().getByTestId("credential-account").waitFor({ timeout: 30_000 });
  expect(await frame().getByTestId("credential-account").textContent()).toContain("olivia-owner@acme.example");
  expect(await page.getByRole("navigation", { name: "Workspace settings" }).getByRole("link", { name: "Settings" }).getAttribute("aria-current")).toBe("page");
  await shot("settings-in-workspace-settings");
  expect(pageErrors).toEqual([]);
});
