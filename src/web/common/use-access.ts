import { useEffect } from "react";
import type { AccessReadingResponse, ReadProgress } from "../../shared/api-contract";
import { useLoad } from "./use-load";

/** While a refresh runs in the background, the page asks again this often to pick up the fresh snapshot. */
export const REFRESH_POLL_MS = 2000;

export const isReading = (answer: object): answer is AccessReadingResponse => "state" in answer && answer.state === "reading";

/**
 * Loads a project's access (`GET /api/projects/{key}/access`) and keeps asking while Bitbucket is being read: after
 * `retryAfterSeconds` while the first read runs (a 202 "reading" answer), every 2 s while a stored snapshot is refreshed.
 */
export const useAccessLoad = <T extends { refreshing?: ReadProgress }>(load: () => Promise<T | AccessReadingResponse>, key: string) => {
  const loaded = useLoad(load, key);
  const data = loaded.status === "ready" ? loaded.data : undefined;
  const { reload } = loaded;
  useEffect(() => {
    if (!data) return undefined;
    const delayMs = isReading(data) ? Math.max(1, data.retryAfterSeconds) * 1000 : data.refreshing ? REFRESH_POLL_MS : undefined;
    if (delayMs === undefined) return undefined;
    const timer = setTimeout(reload, delayMs);
    return () => { clearTimeout(timer); };
  }, [data, reload]);
  return loaded;
};
