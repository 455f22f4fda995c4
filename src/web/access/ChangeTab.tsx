import { useState } from "react";
import type { Plan } from "../../shared/api-contract";
import { CredentialNotice } from "../common/CredentialNotice";
import { stack } from "../common/layout";
import { emptyDraft, type ChangeDraft } from "./change-draft";
import { ChangeForm } from "./ChangeForm";
import { JobView } from "./JobView";
import { PlanPreview } from "./PlanPreview";

type Step = { step: "form" } | { step: "preview"; plan: Plan } | { step: "job"; jobId: string };

/** Change access in three steps: the form, the plan's preview, and the running job. The draft survives "Back". */
export const ChangeTab = ({ projectKey, hasCredential, onJobFinished }: { projectKey: string; hasCredential: boolean; onJobFinished: () => void }) => {
  const [draft, setDraft] = useState<ChangeDraft>(emptyDraft);
  const [step, setStep] = useState<Step>({ step: "form" });

  switch (step.step) {
    case "form":
      return (
        <div style={stack("space.300")}>
          {!hasCredential && <CredentialNotice />}
          <ChangeForm projectKey={projectKey} draft={draft} onDraftChange={setDraft} onPlan={(plan) => { setStep({ step: "preview", plan }); }} />
        </div>
      );
    case "preview":
      return (
        <PlanPreview
          plan={step.plan}
          hasCredential={hasCredential}
          onBack={() => { setStep({ step: "form" }); }}
          onStarted={(jobId) => { setStep({ step: "job", jobId }); }}
        />
      );
    case "job":
      return (
        <JobView
          key={step.jobId}
          jobId={step.jobId}
          hasCredential={hasCredential}
          onStarted={(jobId) => { setStep({ step: "job", jobId }); }}
          onFinished={onJobFinished}
          onClose={() => { setDraft(emptyDraft); setStep({ step: "form" }); }}
          closeLabel="Make another change"
        />
      );
  }
};
