import { useState } from "react";
import { stack } from "../common/layout";
import { AuditLog } from "./AuditLog";
import { JobsList } from "./JobsList";
import { JobView } from "./JobView";

/** The project's jobs (open one to see its results, retry or undo it) and the audit log. */
export const HistoryTab = ({ projectKey, hasCredential, onJobFinished }: { projectKey: string; hasCredential: boolean; onJobFinished: () => void }) => {
  const [openJob, setOpenJob] = useState<string | null>(null);
  const [listVersion, setListVersion] = useState(0);
  if (openJob) {
    return (
      <JobView
        key={openJob}
        jobId={openJob}
        hasCredential={hasCredential}
        onStarted={setOpenJob}
        onFinished={onJobFinished}
        onClose={() => { setOpenJob(null); setListVersion((v) => v + 1); }}
        closeLabel="Back to history"
      />
    );
  }
  return (
    <div style={stack("space.300")}>
      <JobsList key={listVersion} projectKey={projectKey} onOpen={setOpenJob} />
      <AuditLog projectKey={projectKey} />
    </div>
  );
};
