import Button from "@atlaskit/button/new";
import type { AccessSource, Principal, RepositoryAccess } from "../../shared/api-contract";
import { useApi } from "../common/ApiContext";
import { ErrorNotice } from "../common/ErrorNotice";
import { formatAge } from "../common/format";
import { inline, stack, subtle } from "../common/layout";
import { LevelLozenge } from "../common/LevelLozenge";
import { LEVEL_LABELS, levelRank } from "../common/levels";
import { Loading } from "../common/Loading";
import { PagedTable, type Column } from "../common/PagedTable";
import { ReadingNotice } from "../common/ReadingNotice";
import { isReading, useAccessLoad } from "../common/use-access";

/** "Write from the project grant to group Developers" */
export const sourceWords = (source: AccessSource): string => {
  if (source.kind === "workspace-admin") return "Admin as a workspace administrator";
  const where = source.kind === "project-grant" ? "the project grant" : "a repository grant";
  const via = source.group ? ` to group ${source.group.name}` : "";
  return `${LEVEL_LABELS[source.level]} from ${where}${via}`;
};

const columns: Column<RepositoryAccess>[] = [
  { key: "repo", label: "Repository", width: 30, sortValue: (r) => r.repository.name, render: (r) => r.repository.name },
  { key: "level", label: "Effective level", width: 18, sortValue: (r) => levelRank(r.level), render: (r) => <LevelLozenge level={r.level} /> },
  {
    key: "why", label: "Why", width: 52,
    render: (r) => (r.sources.length === 0 ? "No access" : r.sources.map(sourceWords).join("; ")),
  },
];

/** Every repository of the project with one principal's effective level and where it comes from. */
export const PrincipalDetail = ({ projectKey, principal, onBack }: { projectKey: string; principal: Principal; onBack: () => void }) => {
  const api = useApi();
  const key = principal.type === "user" ? principal.id : principal.slug;
  const detail = useAccessLoad(() => api.getPrincipalAccess(projectKey, principal), `${projectKey}/${principal.type}/${key}`);
  return (
    <section style={stack("space.200")} aria-labelledby="detail-heading">
      <div style={inline("space.200")}>
        <Button onClick={onBack}>Back to everyone</Button>
        <h2 id="detail-heading" style={{ margin: 0 }}>{principal.name} ({principal.type})</h2>
      </div>
      {detail.status === "loading" && <Loading what={`the access of ${principal.name}`} />}
      {detail.status === "error" && <ErrorNotice error={detail.error} doing={`read the access of ${principal.name}`} onRetry={detail.reload} />}
      {detail.status === "ready" && isReading(detail.data) && <ReadingNotice what={`project ${projectKey}`} progress={detail.data.progress} />}
      {detail.status === "ready" && !isReading(detail.data) && (
        <>
          <span style={subtle}>Read from Bitbucket {formatAge(detail.data.asOf, Date.now())}</span>
          <PagedTable
            label={`Repositories and the access of ${principal.name}`}
            testId="principal-detail-table"
            columns={columns}
            rows={detail.data.detail}
            rowKey={(r) => r.repository.uuid}
            defaultSort={{ key: "repo", order: "ASC" }}
            emptyView="This project has no repositories."
          />
        </>
      )}
    </section>
  );
};
