import { useState } from "react";
import type { CredentialStatus, ProjectsResponse } from "../../shared/api-contract";
import { useApi } from "../common/ApiContext";
import { ErrorNotice } from "../common/ErrorNotice";
import { page } from "../common/layout";
import { Loading } from "../common/Loading";
import { useLoad } from "../common/use-load";
import { ProjectPicker } from "./ProjectPicker";
import { ProjectView } from "./ProjectView";

interface Loaded { projects: ProjectsResponse; credential: CredentialStatus }

/** The "Project access" page: pick a project (or open `?project=KEY`), then see and change who has access. */
export const AccessApp = ({ initialProject }: { initialProject: string | undefined }) => {
  const api = useApi();
  const [projectKey, setProjectKey] = useState(initialProject);
  const loaded = useLoad<Loaded>(async () => {
    const [projects, credential] = await Promise.all([api.listProjects(), api.getCredential()]);
    return { projects, credential };
  }, "start");

  return (
    <main style={page}>
      <h1>Project access</h1>
      {loaded.status === "loading" && <Loading what="projects" />}
      {loaded.status === "error" && <ErrorNotice error={loaded.error} doing="load the projects" onRetry={loaded.reload} />}
      {loaded.status === "ready" && (
        <>
          <ProjectPicker projects={loaded.data.projects.values} value={projectKey} onChange={setProjectKey} />
          {projectKey && !loaded.data.projects.values.some((p) => p.key === projectKey) && (
            <p role="alert">There is no project with the key {projectKey} in this workspace, or you cannot see it.</p>
          )}
          {projectKey && loaded.data.projects.values.some((p) => p.key === projectKey) && (
            <ProjectView key={projectKey} projectKey={projectKey} hasCredential={loaded.data.credential.configured} />
          )}
          {!projectKey && loaded.data.projects.values.length > 0 && <p>Choose a project to see who has access to it.</p>}
        </>
      )}
    </main>
  );
};
