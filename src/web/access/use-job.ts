import { useEffect, useState } from "react";
import type { Job } from "../../shared/api-contract";
import { asApiError, type ApiError } from "../api/errors";
import type { Api } from "../api/api";
import { isFinished } from "./job-progress";

export const POLL_INTERVAL_MS = 1500;

/**
 * Follows a job: polls without its items every 1.5 s while it runs, then loads it once more with every item.
 * A failed poll is shown but polling goes on (the job runs on the server regardless), except after a 401.
 */
export const useJob = (api: Api, jobId: string, version: number): { job: Job | null; error: ApiError | null } => {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const isStopped = (): boolean => stopped;
    const poll = async (): Promise<void> => {
      try {
        const light = await api.getJob(jobId, "none");
        if (isStopped()) return;
        setError(null);
        if (isFinished(light)) {
          const full = await api.getJob(jobId, "all");
          if (!isStopped()) setJob(full);
          return;
        }
        setJob(light);
      } catch (e) {
        if (isStopped()) return;
        const failure = asApiError(e);
        setError(failure);
        if (failure.kind === "session-expired" || failure.kind === "not-found" || failure.kind === "not-admin") return;
      }
      timer = setTimeout(() => { void poll(); }, POLL_INTERVAL_MS);
    };
    void poll();
    return () => { stopped = true; clearTimeout(timer); };
  }, [api, jobId, version]);

  return { job, error };
};
