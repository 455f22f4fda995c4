import { useState } from "react";
import Button from "@atlaskit/button/new";
import Lozenge from "@atlaskit/lozenge";
import SectionMessage from "@atlaskit/section-message";
import type { Plan, PlanItem, PlanWarning } from "../../shared/api-contract";
import { asApiError, type ApiError } from "../api/errors";
import { useApi } from "../common/ApiContext";
import { CredentialNotice } from "../common/CredentialNotice";
import { ErrorNotice } from "../common/ErrorNotice";
import { inline, panel, stack } from "../common/layout";
import { LevelLozenge } from "../common/LevelLozenge";
import { PagedTable, type Column } from "../common/PagedTable";
import { planEstimateText, planHeadline, planSummaryText } from "../common/plan-wording";
import { SummaryCounts } from "./SummaryCounts";

const WARNING_TITLES: Record<string, string> = {
  LOWER_LEVEL_NO_EFFECT: "Some of this will not take effect",
  USE_PROJECT_GRANT: "One project grant would do this in a single call",
  NOT_A_MEMBER: "Not a workspace member",
  WORKSPACE_OWNER: "Workspace owner",
  UNKNOWN_GROUP: "Unknown group",
  GROUPS_UNAVAILABLE: "Group memberships are unknown",
};

const warningTitle = (w: PlanWarning): string => WARNING_TITLES[w.code] ?? "Check before applying";

const ACTION_APPEARANCE = { grant: "success", change: "inprogress", revoke: "removed" } as const;

const columns: Column<PlanItem>[] = [
  { key: "target", label: "Target", width: 40, sortValue: (i) => i.repository?.slug ?? "", render: (i) => (i.repository ? i.repository.slug : "The project's own grant") },
  { key: "action", label: "Action", width: 15, sortValue: (i) => i.action, render: (i) => <Lozenge appearance={ACTION_APPEARANCE[i.action]}>{i.action}</Lozenge> },
  { key: "before", label: "Before", width: 20, render: (i) => <LevelLozenge level={i.before} /> },
  { key: "after", label: "After", width: 20, render: (i) => <LevelLozenge level={i.after} /> },
];

interface Props { plan: Plan; hasCredential: boolean; onBack: () => void; onStarted: (jobId: string) => void }

/** The plan before anything changes: counts, warnings in plain words, the estimate, and every change (paged). */
export const PlanPreview = ({ plan, hasCredential, onBack, onStarted }: Props) => {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const changes = plan.summary.grant + plan.summary.change + plan.summary.revoke;

  const apply = async (): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      onStarted((await api.applyPlan(plan.id)).jobId);
    } catch (e) {
      setFailure(asApiError(e));
      setBusy(false);
    }
  };

  return (
    <section style={stack("space.300")} aria-labelledby="preview-heading" data-testid="plan-preview">
      <div style={stack("space.100")}>
        <h2 id="preview-heading">Preview: {planHeadline(plan)}</h2>
        <p>{planSummaryText(plan)} {planEstimateText(plan)}</p>
      </div>
      <SummaryCounts summary={plan.summary} />
      {plan.warnings.map((w, i) => (
        <SectionMessage key={`${w.code}-${i}`} appearance="warning" title={warningTitle(w)}>
          <p>{w.message}</p>
        </SectionMessage>
      ))}
      {!hasCredential && <CredentialNotice />}
      {failure && <ErrorNotice error={failure} doing="start the change" />}
      <div style={inline("space.100")}>
        <Button onClick={onBack}>Back to the form</Button>
        <Button appearance="primary" isLoading={busy} isDisabled={!hasCredential || changes === 0} onClick={() => { void apply(); }}>
          {changes === 0 ? "Nothing to apply" : `Apply ${changes.toLocaleString("en-US")} ${changes === 1 ? "change" : "changes"}`}
        </Button>
      </div>
      <div style={panel}>
        <h3>Changes</h3>
        <PagedTable
          label="Changes in this plan"
          testId="plan-items-table"
          columns={columns}
          rows={plan.items}
          rowKey={(i) => (i.repository ? i.repository.uuid : "project")}
          defaultSort={{ key: "target", order: "ASC" }}
          emptyView="Nothing to change: every target already has the level asked for."
        />
      </div>
    </section>
  );
};
