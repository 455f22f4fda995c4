/**
 * A FAKE of the app's /api for the page smoke test: canned data shaped by src/shared/api-contract.ts, no engine,
 * no Bitbucket. It rotates the session token through `X-acpt` like ACE does and records the tokens it was sent.
 * The real API is exercised by the sandbox browser tests (test/sandbox/pages.test.ts).
 */
import express, { type Request, type Response, type Router } from "express";
import type {
  ApiErrorBody, CredentialStatus, Job, JobItem, JobSummary, Plan, PlanItem, Principal, PrincipalAccess, PrincipalAccessResponse, ProjectAccessResponse,
  Repository, RepositoryAccess,
} from "../../src/shared/api-contract";

export interface FakeApiState {
  /** Every token the pages sent, in order. */
  tokensSeen: string[];
  credential: CredentialStatus;
}

const ASOF = new Date(Date.now() - 5 * 60_000).toISOString();

const repos: Repository[] = Array.from({ length: 300 }, (_, i) => ({
  slug: `mobile-${String(i).padStart(3, "0")}`, uuid: `{repo-${i}}`, name: `mobile-${String(i).padStart(3, "0")}`,
}));
const contractors: Principal = { type: "group", slug: "contractors", name: "Contractors" };
const users: Principal[] = Array.from({ length: 5000 }, (_, i) => ({ type: "user", id: `{user-${i}}`, name: `User ${String(i).padStart(4, "0")}` }));

const principals: PrincipalAccess[] = [
  { principal: { type: "group", slug: "developers", name: "Developers" }, projectPermission: "write", repositories: { read: 0, write: 12, admin: 3 }, highestLevel: "admin", workspaceAdmin: false },
  { principal: contractors, projectPermission: "none", repositories: { read: 0, write: 30, admin: 0 }, highestLevel: "write", workspaceAdmin: false },
  { principal: { type: "user", id: "{owner}", name: "Olivia Owner" }, projectPermission: "none", repositories: { read: 0, write: 0, admin: 0 }, highestLevel: "admin", workspaceAdmin: true },
  ...users.map((u, i): PrincipalAccess => ({ principal: u, projectPermission: i % 3 === 0 ? "read" : "none", repositories: { read: i % 5, write: i % 2, admin: 0 }, highestLevel: i % 2 ? "write" : "read", workspaceAdmin: false })),
];

const planItems: PlanItem[] = repos.slice(30).map((r) => ({ target: "repository", repository: { slug: r.slug, uuid: r.uuid }, before: "none", after: "write", action: "grant" }));

const plan = (): Plan => ({
  id: "plan-1", projectKey: "MOBILE", principal: contractors, permission: "write", scope: "repositories", alsoForNewRepositories: false, items: planItems,
  summary: { grant: 270, change: 0, revoke: 0, noop: 30 },
  warnings: [{ code: "USE_PROJECT_GRANT", message: "270 repository grants could be one project grant: granting Contractors Write on the project gives the same access in a single call, also for repositories created later." }],
  estimate: { apiCalls: 270, seconds: 1080 },
});

/** The job advances by 90 items each time it is read, and two items fail. */
const makeJob = () => {
  let settled = 0;
  return (withItems: boolean): Job => {
    settled = Math.min(planItems.length, settled + 90);
    const finished = settled === planItems.length;
    const failed = finished ? 2 : Math.min(2, Math.floor(settled / 150));
    const items: JobItem[] = planItems.map((item, i) => ({
      target: item.target, repository: item.repository, principal: contractors, before: item.before, after: item.after,
      state: i < settled ? (i === 7 || i === 150 ? "failed" : "done") : "pending",
      ...(i === 7 || i === 150 ? { error: "Bitbucket refused: the requesting user isn't an admin of the repository." } : {}),
    }));
    return {
      id: "job-1", kind: "apply", state: finished ? "failed" : "running", projectKey: "MOBILE", total: planItems.length,
      done: settled - failed, failed, cancelled: 0, etaSeconds: finished ? null : (planItems.length - settled) * 4,
      items: withItems ? items : [], createdBy: { id: "{admin}", name: "Ada Admin" }, createdAt: new Date().toISOString(),
      finishedAt: finished ? new Date().toISOString() : null,
    };
  };
};

const fail = (res: Response, status: number, code: string, message: string): void => {
  const body: ApiErrorBody = { error: { code: code as ApiErrorBody["error"]["code"], message }, traceId: "fake-trace" };
  res.status(status).json(body);
};

export const createFakeApi = (): { router: Router; state: FakeApiState } => {
  const state: FakeApiState = { tokensSeen: [], credential: { configured: false } };
  const router = express.Router();
  let tokenCounter = 0;
  let job = makeJob();
  router.use(express.json());
  router.use((req: Request, res: Response, next) => {
    const token = /^JWT (.+)$/.exec(req.get("Authorization") ?? "")?.[1];
    if (!token) { fail(res, 401, "UNAUTHENTICATED", "No session token."); return; }
    state.tokensSeen.push(token);
    res.set("X-acpt", `fake-token-${++tokenCounter}`);
    next();
  });
  router.get("/projects", (_req, res) => { res.json({ values: [{ key: "MOBILE", name: "Mobile", uuid: "{p1}" }, { key: "WEB", name: "Web", uuid: "{p2}" }] }); });
  router.get("/projects/:key/access", (req, res) => {
    if (req.params.key !== "MOBILE") { fail(res, 404, "NOT_FOUND", "No such project."); return; }
    const body: ProjectAccessResponse = { project: { key: "MOBILE", name: "Mobile", uuid: "{p1}" }, asOf: ASOF, principals, repositories: repos };
    if (req.query.principal === "group:developers") {
      const detail: RepositoryAccess[] = repos.map((repository, i) => i < 3
        ? { repository, level: "admin", sources: [{ kind: "repository-grant", level: "admin" }, { kind: "project-grant", level: "write" }] }
        : { repository, level: "write", sources: [{ kind: "project-grant", level: "write" }] });
      const narrowed: PrincipalAccessResponse = { ...body, principals: principals.slice(0, 1), detail };
      res.json(narrowed);
      return;
    }
    res.json(body);
  });
  router.get("/principals", (req, res) => {
    const q = typeof req.query.query === "string" ? req.query.query.toLowerCase() : "";
    res.json({ values: [contractors, ...users.slice(0, 20)].filter((p) => p.name.toLowerCase().includes(q)) });
  });
  router.post("/projects/:key/plans", (_req, res) => { res.status(201).json(plan()); });
  router.post("/plans/:id/apply", (_req, res) => {
    if (!state.credential.configured) { fail(res, 409, "CREDENTIAL_REQUIRED", "Add a write credential on the Settings page first."); return; }
    job = makeJob();
    res.status(202).json({ jobId: "job-1" });
  });
  router.get("/jobs/:id", (req, res) => { res.json(job(req.query.items !== "none")); });
  router.get("/jobs", (_req, res) => { res.json({ values: [] as JobSummary[] }); });
  router.get("/audit", (_req, res) => { res.json({ values: [] }); });
  router.get("/settings/credential", (_req, res) => { res.json(state.credential); });
  return { router, state };
};
