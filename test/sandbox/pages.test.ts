/**
 * The real pages in headless Chromium against the sandbox (harness.ts: app + worker + simulator in process, the app installed
 * through the real lifecycle, real JWTs), driven from Bitbucket's workspace-settings host page the way an admin uses them:
 * a change across the 320 repositories of PLAT (preview, apply, progress, overview, undo), a member's refusal, a workspace
 * without a write credential, and saving one on the Settings page.
 *
 * Screenshots go to test-artifacts/sandbox/; `UPDATE_SCREENSHOTS=1 npx jest test/sandbox` also refreshes docs/screenshots/.
 * The engine runs with TEST_TUNING (writes 10 ms apart instead of 1 s) so a 320-item job takes seconds.
 */
import type { FrameLocator, Page } from "playwright-core";
import { ACCESS_MODULE_KEY } from "../../src/sandbox";
import type { CredentialStatus } from "../../src/shared/api-contract";
import { DEMO } from "../bitbucket-sim";
import { screenshot, SETTINGS_MODULE_KEY, startSandboxHarness, TEST_TUNING, type SandboxHarness } from "./harness";

let h: SandboxHarness;
let owner: string;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  h = await startSandboxHarness({ tuning: TEST_TUNING, worker: true });
  owner = h.userUuid("olivia-owner");
}, 120_000);

afterAll(async () => { await h.close(); });

beforeEach(async () => {
  ({ page, errors: pageErrors } = await h.newPage());
});
afterEach(async () => { await page.close(); });

/** The app's iframe on the host page. */
const app = (): FrameLocator => page.frameLocator("#ac-frame");
/** The selected tab's panel (the others stay mounted, hidden). */
const panel = () => app().getByRole("tabpanel");

/** Scrolls the app's page back to its top (a step may have scrolled it) and drops the focus ring, for a screenshot. */
async function tidyForScreenshot(): Promise<void> {
  await page.frames().find((f) => f.parentFrame() === page.mainFrame())?.evaluate(() => {
    window.scrollTo(0, 0);
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  });
}

/** The level group `slug` holds on each repository of project `key`, as the simulator (Bitbucket) has it. */
function repoLevels(key: string, slug: string): Map<string, string | undefined> {
  const state = h.sandbox.sim.state;
  const ws = state.findWorkspace(DEMO.workspace)!;
  const project = state.findProject(ws, key)!;
  const levels = new Map<string, string | undefined>();
  for (const uuid of project.repoUuids) {
    const repo = ws.repositories.get(uuid)!;
    levels.set(repo.slug, repo.grants.groups.get(slug, state.now()));
  }
  return levels;
}

const countOf = (levels: Map<string, string | undefined>, level: string): number => [...levels.values()].filter((l) => l === level).length;

/** The overview row of one principal (the table filtered to its name), as its cells' texts. */
async function overviewRow(name: string): Promise<string[]> {
  await app().getByLabel("Filter by name").fill(name);
  const row = app().getByRole("table", { name: "Principals with access to the project" }).locator("tbody tr")
    .filter({ has: app().getByRole("button", { name: `Show the repositories of ${name}`, exact: true }) });
  return row.locator("td").allInnerTexts();
}

async function credentialStatus(): Promise<CredentialStatus> {
  return (await (await h.api(owner, "GET", "/api/settings/credential")).json()) as CredentialStatus;
}

async function ensureCredential(present: boolean): Promise<void> {
  if ((await credentialStatus()).configured === present) return;
  const response = present
    ? await h.api(owner, "PUT", "/api/settings/credential", { email: DEMO.ownerEmail, apiToken: DEMO.ownerApiToken })
    : await h.api(owner, "DELETE", "/api/settings/credential");
  expect(response.status).toBe(204);
}

/** Opens the Access page from the host page and picks PLAT. */
async function openPlatform(): Promise<void> {
  await page.goto(h.url);
  await app().getByRole("heading", { name: "Project access" }).waitFor();
  await app().locator("#project-picker").click();
  await app().getByText("Platform (PLAT)", { exact: true }).click();
  // The first open reads 7 + 2 × 320 calls from Bitbucket (the simulator).
  await app().getByRole("heading", { name: "Who has access to Platform" }).waitFor({ timeout: 30_000 });
}

test("When an admin grants a group write on all 320 repositories of PLAT, then the preview, the progress to 100%, the updated overview and the undo all show", async () => {
  await ensureCredential(true);
  expect(countOf(repoLevels("PLAT", "qa"), "write")).toBe(1); // plat-repo-002 only

  await openPlatform();
  await app().getByText("320 repositories", { exact: false }).waitFor();
  await tidyForScreenshot();
  await screenshot(page, "pages-access-overview", "access-overview");
  // QA: no project grant, an explicit write on one repository.
  const before = await overviewRow("QA");
  expect(before.slice(2, 6)).toEqual(["No access", "0", "1", "0"]);
  // Its drill-down: where each repository's level comes from.
  await app().getByRole("button", { name: "Show the repositories of QA", exact: true }).click();
  const detail = app().getByRole("table", { name: "Repositories and the access of QA" });
  expect(await detail.locator("tbody tr").filter({ hasText: "plat-repo-002" }).innerText()).toContain("Write from a repository grant");
  expect(await detail.locator("tbody tr").filter({ hasText: "plat-repo-001" }).innerText()).toContain("No access");
  await app().getByRole("button", { name: "Back to everyone" }).click();

  // Change: QA, write, each repository.
  await app().getByRole("tab", { name: "Change access" }).click();
  await app().getByLabel("User or group").fill("qa");
  await app().getByText("QA (group qa)", { exact: true }).click();
  await app().getByLabel("Write", { exact: true }).check();
  await app().getByLabel("Each repository (explicit repository grants)").check();
  await app().getByRole("button", { name: "Preview" }).click();

  const preview = app().getByTestId("plan-preview");
  await preview.waitFor();
  expect(await app().getByTestId("summary-grant").textContent()).toBe("319");
  expect(await app().getByTestId("summary-change").textContent()).toBe("0");
  expect(await app().getByTestId("summary-revoke").textContent()).toBe("0");
  expect(await app().getByTestId("summary-no-change").textContent()).toBe("1");
  await app().getByText("One project grant would do this in a single call").waitFor();
  expect(await app().getByRole("table", { name: "Changes in this plan" }).locator("tbody tr").count()).toBe(25);
  await tidyForScreenshot();
  await screenshot(page, "pages-access-preview", "access-preview");

  // Apply, and watch the bar move to 100% without a reload.
  await app().getByRole("button", { name: "Apply 319 changes" }).click();
  await app().getByTestId("job-view").waitFor();
  // The page polls every 1.5 s and the job takes a few seconds (writes at least 10 ms apart): the bar stops part-way first.
  const accessFrame = page.frames().find((f) => f.url().includes("/access?"))!;
  const partWay = await accessFrame.waitForFunction(() => {
    const value = Number(document.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow") ?? "0");
    return value >= 0.25 ? value : false;
  }, undefined, { polling: 50, timeout: 30_000 });
  expect(await partWay.jsonValue()).toBeLessThan(1);
  await screenshot(page, "pages-access-progress", "access-progress");
  await app().getByRole("heading", { name: "Change: done" }).waitFor({ timeout: 30_000 });
  expect(await panel().getByTestId("job-state").textContent()).toContain("Done: all 319 changes made.");
  expect(await app().getByRole("progressbar").getAttribute("aria-valuenow")).toBe("1");
  expect(await panel().getByTestId("job-view").textContent()).toContain("by Olivia Owner");
  await app().getByRole("button", { name: "Undo this change" }).waitFor();
  await screenshot(page, "pages-access-job-done");
  expect(countOf(repoLevels("PLAT", "qa"), "write")).toBe(320);

  // The overview, without a reload: QA now has write on every repository.
  await app().getByRole("tab", { name: "Who has access" }).click();
  await app().getByRole("heading", { name: "Who has access to Platform" }).waitFor();
  expect((await overviewRow("QA")).slice(2, 6)).toEqual(["No access", "0", "320", "0"]);
  await screenshot(page, "pages-access-overview-after");

  // Undo from History, then the overview is back as it was.
  await app().getByRole("tab", { name: "History" }).click();
  await app().getByRole("table", { name: "Jobs of this project" }).getByRole("button", { name: /^Open job / }).first().click();
  await app().getByRole("heading", { name: "Change: done" }).waitFor();
  await app().getByRole("button", { name: "Undo this change" }).click();
  await app().getByRole("heading", { name: "Undo: done" }).waitFor({ timeout: 30_000 });
  expect(await panel().getByTestId("job-state").textContent()).toContain("Done: all 319 changes made.");
  // An undo's own undo re-applies the change, and its button says so.
  expect(await app().getByRole("button", { name: "Re-apply the original change" }).count()).toBe(1);
  await screenshot(page, "pages-access-undo-done");
  expect(countOf(repoLevels("PLAT", "qa"), "write")).toBe(1);
  expect(repoLevels("PLAT", "qa").get("plat-repo-002")).toBe("write");

  await app().getByRole("tab", { name: "Who has access" }).click();
  await app().getByRole("heading", { name: "Who has access to Platform" }).waitFor();
  expect((await overviewRow("QA")).slice(2, 6)).toEqual(before.slice(2, 6));
  expect(pageErrors).toEqual([]);
}, 90_000);

test("When a plain member opens the Access page (?as= on the host page), then the app refuses them and shows no project", async () => {
  await page.goto(h.hostPage(ACCESS_MODULE_KEY, h.userUuid("user-05")));
  await app().getByText("Only administrators can manage access").waitFor();
  expect(await app().locator("#project-picker").count()).toBe(0);
  await screenshot(page, "pages-access-not-admin");
  expect(pageErrors).toEqual([]);
});

test("When the credential is removed on the Settings page, then the Access page explains why one is needed and links to Settings", async () => {
  await ensureCredential(true);
  await page.goto(h.hostPage(SETTINGS_MODULE_KEY));
  await app().getByTestId("credential-account").waitFor();
  await app().getByRole("button", { name: "Remove", exact: true }).click();
  await app().getByText("Remove the credential?").waitFor();
  await app().getByRole("button", { name: "Remove", exact: true }).click();
  await app().getByRole("button", { name: "Save credential" }).waitFor();
  expect(await credentialStatus()).toEqual({ configured: false });

  await openPlatform();
  await app().getByRole("tab", { name: "Change access" }).click();
  await app().getByText("Add a write credential to apply changes").waitFor();
  await app().getByText("Bitbucket does not let apps change permissions with their own identity", { exact: false }).first().waitFor();
  await screenshot(page, "pages-access-no-credential");

  // A preview still works; applying does not.
  await app().getByLabel("User or group").fill("contractors");
  await app().getByText("Contractors (group contractors)", { exact: true }).click();
  await app().getByRole("button", { name: "Preview" }).click();
  await app().getByTestId("plan-preview").waitFor();
  expect(await app().getByRole("button", { name: /^Apply / }).isDisabled()).toBe(true);

  // The link opens the Settings page in Bitbucket, with the form to add one.
  await Promise.all([
    page.waitForURL(new RegExp(`/settings/${SETTINGS_MODULE_KEY}`)),
    app().getByRole("button", { name: "Open Settings" }).or(app().getByRole("link", { name: "Open Settings" })).first().click(),
  ]);
  await app().getByRole("button", { name: "Save credential" }).waitFor();
  expect(pageErrors).toEqual([]);
}, 60_000);

test("When an admin saves a credential on the Settings page, then the account shows and the token is never shown again", async () => {
  await ensureCredential(false);
  await page.goto(h.hostPage(SETTINGS_MODULE_KEY));
  await app().getByRole("heading", { name: "Write credential" }).waitFor();
  await app().getByLabel("Email of the Atlassian account").fill(DEMO.ownerEmail);
  await app().getByLabel("API token").fill(DEMO.ownerApiToken);
  await app().getByRole("button", { name: "Save credential" }).click();

  await app().getByText("Credential saved").waitFor();
  const account = app().getByTestId("credential-account");
  expect(await account.textContent()).toContain(DEMO.ownerEmail);
  expect(await account.textContent()).toContain("Olivia Owner");
  await app().getByLabel("Calls to Bitbucket per hour").waitFor();
  await screenshot(page, "pages-settings", "settings");
  expect(await credentialStatus()).toMatchObject({ configured: true, account: { email: DEMO.ownerEmail, administersWorkspace: true } });

  // Not in the DOM, not in any input's value, also after opening the form to replace it.
  const appFrame = page.frames().find((f) => f.url().includes("/configure?"))!;
  const leaks = async (): Promise<{ html: boolean; inputs: string[] }> => appFrame.evaluate((secret) => ({
    html: document.documentElement.outerHTML.includes(secret),
    inputs: Array.from(document.querySelectorAll("input, textarea")).map((e) => (e as HTMLInputElement).value).filter((v) => v.includes(secret)),
  }), DEMO.ownerApiToken);
  expect(await leaks()).toEqual({ html: false, inputs: [] });
  await app().getByRole("button", { name: "Replace" }).click();
  expect(await app().getByLabel("API token").inputValue()).toBe("");
  expect(await leaks()).toEqual({ html: false, inputs: [] });
  expect(pageErrors).toEqual([]);
});
