import {
  principalParam,
  type AccessReadingResponse, type AuditQuery, type AuditResponse, type CreatePlanRequest, type CredentialStatus, type Job, type JobStarted,
  type JobsResponse, type Plan, type PrincipalAccessResponse, type PrincipalRef, type PrincipalsResponse,
  type ProjectAccessResponse, type ProjectsResponse, type PutCredentialRequest, type Settings,
} from "../../shared/api-contract";
import type { ApiClient } from "./client";

const seg = encodeURIComponent;

/** Every `/api` route of issue 4 as a typed function over one `ApiClient`. */
export const createApi = (client: ApiClient) => ({
  listProjects: () => client.json<ProjectsResponse>("GET", "/api/projects"),
  getAccess: (projectKey: string, refresh = false) =>
    client.json<ProjectAccessResponse | AccessReadingResponse>("GET", `/api/projects/${seg(projectKey)}/access`, { query: { refresh: refresh || undefined } }),
  getPrincipalAccess: (projectKey: string, principal: PrincipalRef) =>
    client.json<PrincipalAccessResponse | AccessReadingResponse>("GET", `/api/projects/${seg(projectKey)}/access`, {
      query: { principal: principalParam(principal) },
    }),
  searchPrincipals: (query: string) => client.json<PrincipalsResponse>("GET", "/api/principals", { query: { query } }),
  createPlan: (projectKey: string, body: CreatePlanRequest) =>
    client.json<Plan>("POST", `/api/projects/${seg(projectKey)}/plans`, { body }),
  applyPlan: (planId: string) => client.json<JobStarted>("POST", `/api/plans/${seg(planId)}/apply`),
  listJobs: (projectKey: string) => client.json<JobsResponse>("GET", "/api/jobs", { query: { project: projectKey } }),
  getJob: (jobId: string, items: "none" | "failed" | "all" = "all") =>
    client.json<Job>("GET", `/api/jobs/${seg(jobId)}`, { query: { items } }),
  cancelJob: (jobId: string) => client.json<Job>("POST", `/api/jobs/${seg(jobId)}/cancel`),
  retryJob: (jobId: string) => client.json<JobStarted>("POST", `/api/jobs/${seg(jobId)}/retry`),
  undoJob: (jobId: string) => client.json<JobStarted>("POST", `/api/jobs/${seg(jobId)}/undo`),
  getAudit: (query: Omit<AuditQuery, "format">) =>
    client.json<AuditResponse>("GET", "/api/audit", { query: { ...query, format: "json" } }),
  downloadAuditCsv: (query: Omit<AuditQuery, "format">) =>
    client.blob("/api/audit", { query: { ...query, format: "csv" } }, "text/csv"),
  getSettings: () => client.json<Settings>("GET", "/api/settings"),
  putSettings: (settings: Settings) => client.json<Settings>("PUT", "/api/settings", { body: settings }),
  getCredential: () => client.json<CredentialStatus>("GET", "/api/settings/credential"),
  putCredential: (body: PutCredentialRequest) => client.json<undefined>("PUT", "/api/settings/credential", { body }),
  deleteCredential: () => client.json<undefined>("DELETE", "/api/settings/credential"),
});

export type Api = ReturnType<typeof createApi>;
