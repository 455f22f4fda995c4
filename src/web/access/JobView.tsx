import { useEffect, useRef, useState } from "react";
import Button from "@atlaskit/button/new";
import ProgressBar, { SuccessProgressBar } from "@atlaskit/progress-bar";
import SectionMessage from "@atlaskit/section-message";
import type { Job } from "../../shared/api-contract";
import { asApiError, type ApiError } from "../api/errors";
import { useApi } from "../common/ApiContext";
import { CredentialNotice } from "../common/CredentialNotice";
import { ErrorNotice } from "../common/ErrorNotice";
import { formatDateTime, formatEta } from "../common/format";
import { inline, panel, stack, subtle } from "../common/layout";
import { Loading } from "../common/Loading";
import { isFinished, jobProgress, jobStateText } from "./job-progress";
import { JobResults } from "./JobResults";
import { useJob } from "./use-job";

interface Props {
  jobId: string;
  hasCredential: boolean;
  /** A retry or undo started a new job. */
  onStarted: (jobId: string) => void;
  onFinished: () => void;
  onClose: () => void;
  closeLabel: string;
}

const jobHeading = (job: Job): string => {
  const what = job.kind === "undo" ? "Undo" : job.kind === "retry" ? "Retry of failed changes" : job.kind === "rule" ? "Rule for a new repository" : "Change";
  if (job.state === "queued" || job.state === "running") return `${what}: in progress`;
  return `${what}: ${job.state === "succeeded" ? "done" : job.state === "failed" ? "finished with failures" : "cancelled"}`;
};

/** A job as it runs (progress bar, counts, time left, cancel) and when it ends (results, retry failed, undo). */
export const JobView = ({ jobId, hasCredential, onStarted, onFinished, onClose, closeLabel }: Props) => {
  const api = useApi();
  const [version, setVersion] = useState(0);
  const { job, error } = useJob(api, jobId, version);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const finished = job !== null && isFinished(job);
  const reported = useRef(false);

  useEffect(() => {
    if (finished && !reported.current) { reported.current = true; onFinished(); }
  }, [finished, onFinished]);

  const act = async (name: string, call: () => Promise<unknown>, next?: (result: unknown) => void): Promise<void> => {
    setBusy(name);
    setActionError(null);
    try {
      const result = await call();
      if (next) next(result); else setVersion((v) => v + 1);
    } catch (e) {
      setActionError(asApiError(e));
    } finally {
      setBusy(null);
    }
  };

  if (!job) return error ? <ErrorNotice error={error} doing="follow the job" /> : <Loading what="the job" />;
  const progress = jobProgress(job);
  const started = (result: unknown): void => { onStarted((result as { jobId: string }).jobId); };
  return (
    <section style={{ ...panel, ...stack("space.200") }} aria-labelledby="job-heading" data-testid="job-view">
      <h2 id="job-heading">{jobHeading(job)}</h2>
      <p style={subtle}>Job {job.id} · started {formatDateTime(job.createdAt)} by {job.createdBy.name ?? job.createdBy.id}{job.finishedAt ? ` · finished ${formatDateTime(job.finishedAt)}` : ""}</p>
      {job.state === "succeeded"
        ? <SuccessProgressBar value={1} ariaLabel="Job progress: done" />
        : <ProgressBar value={progress.fraction} ariaLabel={`Job progress: ${progress.percent}%`} />}
      <div style={inline("space.200")} aria-live="polite" data-testid="job-state">
        <strong>{progress.percent}%</strong>
        <span>{jobStateText(job)}</span>
        {!finished && <span style={subtle}>{formatEta(job.etaSeconds)}</span>}
      </div>
      {error && <ErrorNotice error={error} doing="get the latest progress" />}
      {!finished && (
        <SectionMessage appearance="information" title="You can leave this page">
          <p>The change runs on the server. It pauses when Bitbucket rate-limits and carries on by itself; come back any time to see it in History.</p>
        </SectionMessage>
      )}
      {finished && !hasCredential && (job.failed > 0 || job.done > 0) && <CredentialNotice />}
      {actionError && <ErrorNotice error={actionError} doing="do that" />}
      <div style={inline("space.100")}>
        {!finished && <Button isLoading={busy === "cancel"} onClick={() => { void act("cancel", () => api.cancelJob(job.id)); }}>Cancel the job</Button>}
        {finished && job.failed > 0 && (
          <Button appearance="primary" isDisabled={!hasCredential} isLoading={busy === "retry"} onClick={() => { void act("retry", () => api.retryJob(job.id), started); }}>
            Retry failed ({job.failed.toLocaleString("en-US")})
          </Button>
        )}
        {finished && job.done > 0 && (
          <Button appearance="warning" isDisabled={!hasCredential} isLoading={busy === "undo"} onClick={() => { void act("undo", () => api.undoJob(job.id), started); }}>
            {/* Undoing an undo re-applies the original change; say so rather than "undo" twice. */}
            {job.kind === "undo" ? "Re-apply the original change" : "Undo this change"}
          </Button>
        )}
        {finished && <Button onClick={onClose}>{closeLabel}</Button>}
      </div>
      {finished && <JobResults items={job.items} />}
    </section>
  );
};
