import { createBitbucketClient, type BitbucketApi } from "../client";
import type { BitbucketCredential } from "../credentials";
import { Forbidden, NotFound, UnexpectedResponse } from "../errors";
import { errorResponse, jsonResponse, noContentResponse, recordingFetch, type RecordedRequest } from "../testing/recording-fetch";
import { listGroupsV1 } from "./groups";
import { getMember, listMembers } from "./members";
import {
  deleteProjectGroupPermission,
  deleteProjectUserPermission,
  getProjectGroupPermission,
  getProjectUserPermission,
  listProjectGroupPermissions,
  listProjectUserPermissions,
  putProjectGroupPermission,
  putProjectUserPermission,
} from "./project-permissions";
import { getProject, listProjects } from "./projects";
import { bbqlString, getRepository, listProjectRepositories } from "./repositories";
import {
  deleteRepositoryGroupPermission,
  deleteRepositoryUserPermission,
  getRepositoryGroupPermission,
  getRepositoryUserPermission,
  listRepositoryGroupPermissions,
  listRepositoryUserPermissions,
  putRepositoryGroupPermission,
  putRepositoryUserPermission,
} from "./repository-permissions";
import { getCurrentUser, getUser } from "./users";
import { listEffectiveRepositoryPermissions, listWorkspaceMemberships } from "./workspace-permissions";

const token: BitbucketCredential = { kind: "api-token", email: "admin@example.com", apiToken: "t" };
const API = "https://api.bitbucket.org";
const USER = "{d301aafa-d676-4ee0-88be-962be7417567}";
const USER_ENC = "%7Bd301aafa-d676-4ee0-88be-962be7417567%7D";
const ACCOUNT = "557058:ba8948b2";

function recorded(response: () => Response) {
  const recorder = recordingFetch(() => response());
  const api = createBitbucketClient({ baseUrl: API, fetch: recorder.fetch, throttle: false, retry: false }).as(token);
  return { api, last: (): RecordedRequest => recorder.requests[recorder.requests.length - 1]! };
}

const emptyPage = () => jsonResponse(200, { pagelen: 100, values: [] });
const object = () => jsonResponse(200, { type: "x" });

type Case = [name: string, call: (api: BitbucketApi) => Promise<unknown>, method: string, url: string, body: unknown, respond: () => Response];

const cases: Case[] = [
  ["listProjectRepositories", (a) => listProjectRepositories(a, "acme", "PROJ"), "GET",
    `${API}/2.0/repositories/acme?q=project.key%3D%22PROJ%22&fields=next%2Cvalues.type%2Cvalues.uuid%2Cvalues.slug%2Cvalues.name%2Cvalues.full_name%2Cvalues.is_private%2Cvalues.project.type%2Cvalues.project.uuid%2Cvalues.project.key&pagelen=100`, undefined, emptyPage],
  ["getRepository", (a) => getRepository(a, "acme", "{repo-uuid}"), "GET", `${API}/2.0/repositories/acme/%7Brepo-uuid%7D`, undefined, object],
  ["listProjects", (a) => listProjects(a, "acme"), "GET", `${API}/2.0/workspaces/acme/projects?pagelen=100`, undefined, emptyPage],
  ["getProject", (a) => getProject(a, "acme", "PROJ"), "GET", `${API}/2.0/workspaces/acme/projects/PROJ`, undefined, object],
  ["listRepositoryUserPermissions", (a) => listRepositoryUserPermissions(a, "acme", "geordi"), "GET",
    `${API}/2.0/repositories/acme/geordi/permissions-config/users?pagelen=100`, undefined, emptyPage],
  ["getRepositoryUserPermission", (a) => getRepositoryUserPermission(a, "acme", "geordi", ACCOUNT), "GET",
    `${API}/2.0/repositories/acme/geordi/permissions-config/users/557058%3Aba8948b2`, undefined, object],
  ["putRepositoryUserPermission", (a) => putRepositoryUserPermission(a, "acme", "geordi", USER, "write"), "PUT",
    `${API}/2.0/repositories/acme/geordi/permissions-config/users/${USER_ENC}`, { permission: "write" }, object],
  ["deleteRepositoryUserPermission", (a) => deleteRepositoryUserPermission(a, "acme", "geordi", USER), "DELETE",
    `${API}/2.0/repositories/acme/geordi/permissions-config/users/${USER_ENC}`, undefined, noContentResponse],
  ["listRepositoryGroupPermissions", (a) => listRepositoryGroupPermissions(a, "acme", "geordi"), "GET",
    `${API}/2.0/repositories/acme/geordi/permissions-config/groups?pagelen=100`, undefined, emptyPage],
  ["getRepositoryGroupPermission", (a) => getRepositoryGroupPermission(a, "acme", "geordi", "developers"), "GET",
    `${API}/2.0/repositories/acme/geordi/permissions-config/groups/developers`, undefined, object],
  ["putRepositoryGroupPermission", (a) => putRepositoryGroupPermission(a, "acme", "geordi", "developers", "read"), "PUT",
    `${API}/2.0/repositories/acme/geordi/permissions-config/groups/developers`, { permission: "read" }, object],
  ["deleteRepositoryGroupPermission", (a) => deleteRepositoryGroupPermission(a, "acme", "geordi", "developers"), "DELETE",
    `${API}/2.0/repositories/acme/geordi/permissions-config/groups/developers`, undefined, noContentResponse],
  ["listProjectUserPermissions", (a) => listProjectUserPermissions(a, "acme", "PROJ"), "GET",
    `${API}/2.0/workspaces/acme/projects/PROJ/permissions-config/users?pagelen=100`, undefined, emptyPage],
  ["getProjectUserPermission", (a) => getProjectUserPermission(a, "acme", "PROJ", USER), "GET",
    `${API}/2.0/workspaces/acme/projects/PROJ/permissions-config/users/${USER_ENC}`, undefined, object],
  ["putProjectUserPermission", (a) => putProjectUserPermission(a, "acme", "PROJ", USER, "create-repo"), "PUT",
    `${API}/2.0/workspaces/acme/projects/PROJ/permissions-config/users/${USER_ENC}`, { permission: "create-repo" }, object],
  ["deleteProjectUserPermission", (a) => deleteProjectUserPermission(a, "acme", "PROJ", USER), "DELETE",
    `${API}/2.0/workspaces/acme/projects/PROJ/permissions-config/users/${USER_ENC}`, undefined, noContentResponse],
  ["listProjectGroupPermissions", (a) => listProjectGroupPermissions(a, "acme", "PROJ"), "GET",
    `${API}/2.0/workspaces/acme/projects/PROJ/permissions-config/groups?pagelen=100`, undefined, emptyPage],
  ["getProjectGroupPermission", (a) => getProjectGroupPermission(a, "acme", "PROJ", "admins"), "GET",
    `${API}/2.0/workspaces/acme/projects/PROJ/permissions-config/groups/admins`, undefined, object],
  ["putProjectGroupPermission", (a) => putProjectGroupPermission(a, "acme", "PROJ", "admins", "admin"), "PUT",
    `${API}/2.0/workspaces/acme/projects/PROJ/permissions-config/groups/admins`, { permission: "admin" }, object],
  ["deleteProjectGroupPermission", (a) => deleteProjectGroupPermission(a, "acme", "PROJ", "admins"), "DELETE",
    `${API}/2.0/workspaces/acme/projects/PROJ/permissions-config/groups/admins`, undefined, noContentResponse],
  ["listWorkspaceMemberships (owners)", (a) => listWorkspaceMemberships(a, "acme", { q: 'permission="owner"' }), "GET",
    `${API}/2.0/workspaces/acme/permissions?q=permission%3D%22owner%22&pagelen=100`, undefined, emptyPage],
  ["listWorkspaceMemberships (all)", (a) => listWorkspaceMemberships(a, "acme"), "GET", `${API}/2.0/workspaces/acme/permissions?pagelen=100`, undefined, emptyPage],
  ["listEffectiveRepositoryPermissions (workspace)", (a) => listEffectiveRepositoryPermissions(a, "acme", { q: 'permission>"read"' }), "GET",
    `${API}/2.0/workspaces/acme/permissions/repositories?q=permission%3E%22read%22&pagelen=100`, undefined, emptyPage],
  ["listEffectiveRepositoryPermissions (one repo)", (a) => listEffectiveRepositoryPermissions(a, "acme", { repoSlug: "geordi" }), "GET",
    `${API}/2.0/workspaces/acme/permissions/repositories/geordi?pagelen=100`, undefined, emptyPage],
  ["listMembers", (a) => listMembers(a, "acme", { q: 'user.email IN ("a@x.com")', fields: "+values.user.email" }), "GET",
    `${API}/2.0/workspaces/acme/members?q=user.email%20IN%20%28%22a%40x.com%22%29&fields=%2Bvalues.user.email&pagelen=100`, undefined, emptyPage],
  ["getMember", (a) => getMember(a, "acme", ACCOUNT), "GET", `${API}/2.0/workspaces/acme/members/557058%3Aba8948b2`, undefined, object],
  ["getCurrentUser", (a) => getCurrentUser(a), "GET", `${API}/2.0/user`, undefined, object],
  ["getUser", (a) => getUser(a, USER), "GET", `${API}/2.0/users/${USER_ENC}`, undefined, object],
  ["listGroupsV1", (a) => listGroupsV1(a, "acme"), "GET", `${API}/1.0/groups/acme`, undefined, () => jsonResponse(200, [])],
];

describe("resources", () => {
  test.each(cases)("When %s is called, then it sends the right method, URL and body", async (_name, call, method, url, body, respond) => {
    const { api, last } = recorded(respond);
    await call(api);
    expect(last().method).toBe(method);
    expect(last().url.href).toBe(url);
    expect(last().body === undefined ? undefined : JSON.parse(last().body!)).toEqual(body);
  });

  test("When getMember gets a 404, then the user is not a member (undefined)", async () => {
    const { api } = recorded(() => errorResponse(404, "not a member"));
    await expect(getMember(api, "acme", USER)).resolves.toBeUndefined();
  });

  test("When getMember gets any other failure, then it throws", async () => {
    const { api } = recorded(() => errorResponse(403, "no"));
    await expect(getMember(api, "acme", USER)).rejects.toBeInstanceOf(Forbidden);
  });

  test("When a grant GET gets a 404, then it throws NotFound (only getMember turns 404 into a value)", async () => {
    const { api } = recorded(() => errorResponse(404, "no grant"));
    await expect(getRepositoryUserPermission(api, "acme", "geordi", USER)).rejects.toBeInstanceOf(NotFound);
  });

  test("When the 1.0 group list fails, then it throws instead of answering no groups", async () => {
    const { api } = recorded(() => errorResponse(404, "gone?"));
    await expect(listGroupsV1(api, "acme")).rejects.toBeInstanceOf(NotFound);
  });

  test("When the 1.0 group list answers something other than an array, then UnexpectedResponse is thrown", async () => {
    const { api } = recorded(() => jsonResponse(200, { values: [] }));
    await expect(listGroupsV1(api, "acme")).rejects.toBeInstanceOf(UnexpectedResponse);
  });

  test("When a project key holds a double quote, then it is refused rather than put into BBQL", () => {
    expect(() => bbqlString('P" OR name~"')).toThrow(TypeError);
  });
});
