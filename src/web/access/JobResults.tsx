import Lozenge from "@atlaskit/lozenge";
import type { JobItem, JobItemState } from "../../shared/api-contract";
import { LevelLozenge } from "../common/LevelLozenge";
import { PagedTable, type Column } from "../common/PagedTable";

const STATE_APPEARANCE: Record<JobItemState, "success" | "removed" | "default" | "inprogress"> = {
  done: "success", failed: "removed", cancelled: "default", pending: "inprogress",
};
const STATE_ORDER: Record<JobItemState, number> = { failed: 0, pending: 1, cancelled: 2, done: 3 };

const columns: Column<JobItem>[] = [
  { key: "state", label: "Result", width: 12, sortValue: (i) => STATE_ORDER[i.state], render: (i) => <Lozenge appearance={STATE_APPEARANCE[i.state]}>{i.state}</Lozenge> },
  { key: "target", label: "Target", width: 28, sortValue: (i) => i.repository?.slug ?? "", render: (i) => (i.repository ? i.repository.slug : "The project's own grant") },
  { key: "change", label: "Change", width: 20, render: (i) => <><LevelLozenge level={i.before} /> → <LevelLozenge level={i.after} /></> },
  { key: "reason", label: "Reason", width: 40, render: (i) => i.error ?? "" },
];

/** Every item of a finished job, failures first, with Bitbucket's reason for each failure. */
export const JobResults = ({ items }: { items: JobItem[] }) => (
  <PagedTable
    label="Results of the job"
    testId="job-results-table"
    columns={columns}
    rows={items}
    rowKey={(i) => `${i.repository?.uuid ?? "project"}:${i.principal.type === "user" ? i.principal.id : i.principal.slug}`}
    defaultSort={{ key: "state", order: "ASC" }}
    emptyView="This job had nothing to do."
  />
);
