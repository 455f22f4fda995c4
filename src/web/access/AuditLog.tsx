import { useState } from "react";
import Button from "@atlaskit/button/new";
import Lozenge from "@atlaskit/lozenge";
import TextField from "@atlaskit/textfield";
import { Label } from "@atlaskit/form";
import type { AuditEntry } from "../../shared/api-contract";
import { asApiError, type ApiError } from "../api/errors";
import { useApi } from "../common/ApiContext";
import { auditCsvFilename, saveBlob } from "../common/download";
import { ErrorNotice } from "../common/ErrorNotice";
import { formatDateTime } from "../common/format";
import { inline, stack } from "../common/layout";
import { LevelLozenge } from "../common/LevelLozenge";
import { Loading } from "../common/Loading";
import { PagedTable, type Column } from "../common/PagedTable";
import { useLoad } from "../common/use-load";
import { auditQueryFrom, noAuditFilters, type AuditFilters } from "./audit-filters";
import { PrincipalPicker } from "./PrincipalPicker";

const RESULT_APPEARANCE = { done: "success", failed: "removed", cancelled: "default" } as const;

const columns: Column<AuditEntry>[] = [
  { key: "at", label: "When", width: 14, sortValue: (e) => e.at, render: (e) => formatDateTime(e.at) },
  { key: "actor", label: "Who", width: 14, sortValue: (e) => e.actor.name ?? e.actor.id, render: (e) => e.actor.name ?? e.actor.id },
  { key: "target", label: "Target", width: 18, sortValue: (e) => e.repository?.slug ?? "", render: (e) => e.repository?.slug ?? "Project grant" },
  { key: "principal", label: "Principal", width: 16, sortValue: (e) => e.principal.name, render: (e) => e.principal.name },
  { key: "change", label: "Change", width: 18, render: (e) => <><LevelLozenge level={e.before} /> → <LevelLozenge level={e.after} /></> },
  { key: "result", label: "Result", width: 20, sortValue: (e) => e.result, render: (e) => <><Lozenge appearance={RESULT_APPEARANCE[e.result]}>{e.result}</Lozenge> {e.error ?? ""}</> },
];

/** Every change attempted in the project, filterable by principal and days, and downloadable as CSV. */
export const AuditLog = ({ projectKey }: { projectKey: string }) => {
  const api = useApi();
  const [draft, setDraft] = useState<AuditFilters>(noAuditFilters);
  const [applied, setApplied] = useState<AuditFilters>(noAuditFilters);
  const query = auditQueryFrom(projectKey, applied);
  const entries = useLoad(() => api.getAudit(query), JSON.stringify(query));
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<ApiError | null>(null);

  const download = async (): Promise<void> => {
    setDownloading(true);
    setDownloadError(null);
    try {
      const { blob, filename } = await api.downloadAuditCsv(query);
      saveBlob(blob, filename ?? auditCsvFilename(projectKey, new Date()));
    } catch (e) {
      setDownloadError(asApiError(e));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <section style={stack("space.200")} aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <form style={{ ...inline("space.200"), alignItems: "flex-end" }} onSubmit={(e) => { e.preventDefault(); setApplied(draft); }} aria-label="Audit log filters">
        <div style={{ minWidth: "280px" }}>
          <PrincipalPicker id="audit-principal" label="Principal" value={draft.principal} onChange={(principal) => { setDraft({ ...draft, principal }); }} />
        </div>
        <div style={stack("space.050")}>
          <Label htmlFor="audit-since">From</Label>
          <TextField id="audit-since" type="date" value={draft.sinceDate} onChange={(e) => { setDraft({ ...draft, sinceDate: e.currentTarget.value }); }} />
        </div>
        <div style={stack("space.050")}>
          <Label htmlFor="audit-until">To</Label>
          <TextField id="audit-until" type="date" value={draft.untilDate} onChange={(e) => { setDraft({ ...draft, untilDate: e.currentTarget.value }); }} />
        </div>
        <Button type="submit">Apply filters</Button>
        <Button onClick={() => { setDraft(noAuditFilters); setApplied(noAuditFilters); }}>Clear</Button>
        <Button appearance="primary" isLoading={downloading} onClick={() => { void download(); }}>Download CSV</Button>
      </form>
      {downloadError && <ErrorNotice error={downloadError} doing="download the audit log" />}
      {entries.status === "loading" && <Loading what="the audit log" />}
      {entries.status === "error" && <ErrorNotice error={entries.error} doing="load the audit log" onRetry={entries.reload} />}
      {entries.status === "ready" && (
        <PagedTable
          label="Audit log entries"
          testId="audit-table"
          columns={columns}
          rows={entries.data.values}
          rowKey={(e) => e.id}
          defaultSort={{ key: "at", order: "DESC" }}
          emptyView="No changes match these filters."
        />
      )}
    </section>
  );
};
