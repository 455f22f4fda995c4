import Button from "@atlaskit/button/new";
import Lozenge from "@atlaskit/lozenge";
import type { JobState, JobSummary } from "../../shared/api-contract";
import { useApi } from "../common/ApiContext";
import { ErrorNotice } from "../common/ErrorNotice";
import { formatDateTime } from "../common/format";
import { inline, stack } from "../common/layout";
import { Loading } from "../common/Loading";
import { PagedTable, type Column } from "../common/PagedTable";
import { jobWhat } from "../common/plan-wording";
import { useLoad } from "../common/use-load";

const STATE_APPEARANCE: Record<JobState, "success" | "removed" | "default" | "inprogress" | "new"> = {
  queued: "new", running: "inprogress", succeeded: "success", failed: "removed", cancelled: "default",
};

const columns = (onOpen: (id: string) => void): Column<JobSummary>[] => [
  { key: "when", label: "When", width: 16, sortValue: (j) => j.createdAt, render: (j) => formatDateTime(j.createdAt) },
  { key: "who", label: "Who", width: 18, sortValue: (j) => j.createdBy.name ?? j.createdBy.id, render: (j) => j.createdBy.name ?? j.createdBy.id },
  { key: "what", label: "What", width: 36, render: (j) => jobWhat(j) },
  {
    key: "result", label: "Result", width: 18, sortValue: (j) => j.state,
    render: (j) => <><Lozenge appearance={STATE_APPEARANCE[j.state]}>{j.state}</Lozenge> {j.failed > 0 ? `${j.failed.toLocaleString("en-US")} failed` : ""}</>,
  },
  {
    key: "open", label: "", width: 12,
    render: (j) => <Button spacing="compact" onClick={() => { onOpen(j.id); }} aria-label={`Open job ${j.id}`}>Open</Button>,
  },
];

/** The project's jobs, newest first. */
export const JobsList = ({ projectKey, onOpen }: { projectKey: string; onOpen: (id: string) => void }) => {
  const api = useApi();
  const jobs = useLoad(() => api.listJobs(projectKey), projectKey);
  return (
    <section style={stack("space.200")} aria-labelledby="jobs-heading">
      <div style={inline("space.200")}>
        <h2 id="jobs-heading" style={{ margin: 0 }}>Jobs</h2>
        {jobs.status === "ready" && <Button spacing="compact" isLoading={jobs.reloading} onClick={jobs.reload}>Refresh</Button>}
      </div>
      {jobs.status === "loading" && <Loading what="jobs" />}
      {jobs.status === "error" && <ErrorNotice error={jobs.error} doing="load the jobs" onRetry={jobs.reload} />}
      {jobs.status === "ready" && (
        <PagedTable
          label="Jobs of this project"
          testId="jobs-table"
          columns={columns(onOpen)}
          rows={jobs.data.values}
          rowKey={(j) => j.id}
          pageSize={10}
          defaultSort={{ key: "when", order: "DESC" }}
          emptyView="No changes have been made to this project with the app yet."
        />
      )}
    </section>
  );
};
