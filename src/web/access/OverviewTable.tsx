import Button from "@atlaskit/button/new";
import Lozenge from "@atlaskit/lozenge";
import type { Principal, PrincipalAccess } from "../../shared/api-contract";
import { LevelLozenge } from "../common/LevelLozenge";
import { levelRank } from "../common/levels";
import { PagedTable, type Column } from "../common/PagedTable";

const columns = (onOpen: (p: Principal) => void): Column<PrincipalAccess>[] => [
  {
    key: "name", label: "Name", width: 20, sortValue: (r) => r.principal.name,
    render: (r) => (
      <Button appearance="subtle" spacing="compact" onClick={() => { onOpen(r.principal); }} aria-label={`Show the repositories of ${r.principal.name}`}>
        {r.principal.name}
      </Button>
    ),
  },
  {
    key: "type", label: "Type", width: 18, sortValue: (r) => r.principal.type,
    render: (r) => (
      <>
        <Lozenge appearance={r.principal.type === "group" ? "new" : "default"}>{r.principal.type}</Lozenge>
        {r.workspaceAdmin && <> <Lozenge appearance="moved">workspace admin</Lozenge></>}
      </>
    ),
  },
  { key: "project", label: "Project permission", width: 16, sortValue: (r) => levelRank(r.projectPermission), render: (r) => <LevelLozenge level={r.projectPermission} /> },
  { key: "read", label: "Repos: read", width: 10, sortValue: (r) => r.repositories.read, render: (r) => r.repositories.read.toLocaleString("en-US") },
  { key: "write", label: "Repos: write", width: 10, sortValue: (r) => r.repositories.write, render: (r) => r.repositories.write.toLocaleString("en-US") },
  { key: "admin", label: "Repos: admin", width: 10, sortValue: (r) => r.repositories.admin, render: (r) => r.repositories.admin.toLocaleString("en-US") },
  { key: "highest", label: "Highest effective level", width: 16, sortValue: (r) => levelRank(r.highestLevel), render: (r) => <LevelLozenge level={r.highestLevel} /> },
];

const keyOf = (p: Principal): string => (p.type === "user" ? `user:${p.id}` : `group:${p.slug}`);

/** The principals of a project, 25 a page, sortable by every column. Explicit repository grant counts per level. */
export const OverviewTable = ({ rows, onOpen, filtered }: { rows: readonly PrincipalAccess[]; onOpen: (p: Principal) => void; filtered: boolean }) => (
  <PagedTable
    label="Principals with access to the project"
    testId="overview-table"
    columns={columns(onOpen)}
    rows={rows}
    rowKey={(r) => keyOf(r.principal)}
    defaultSort={{ key: "highest", order: "DESC" }}
    emptyView={filtered ? "No user or group matches the filter." : "Nobody has been granted access to this project or its repositories yet."}
  />
);
