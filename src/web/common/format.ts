/** Wording of times and counts, kept pure so it is unit-tested without a browser. */

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** "1,234 repositories" */
export const count = plural;

/**
 * A duration in words, rounded up so an estimate never promises too little: "less than a minute", "about 4 minutes",
 * "about 1 hour 5 minutes".
 */
export const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds) || seconds < 0) return "unknown";
  if (seconds < 60) return seconds < 1 ? "a moment" : "less than a minute";
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `about ${plural(minutes, "minute")}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `about ${plural(hours, "hour")}` : `about ${plural(hours, "hour")} ${plural(rest, "minute")}`;
};

/** The remaining time of a job: "about 3 minutes left", or nothing useful to say. */
export const formatEta = (etaSeconds: number | null): string =>
  etaSeconds === null ? "Estimating time left…" : etaSeconds < 1 ? "Finishing…" : `${formatDuration(etaSeconds)} left`;

/** How old a snapshot is: "just now", "5 minutes ago", "2 hours ago", "3 days ago". */
export const formatAge = (asOf: string, nowMs: number): string => {
  const thenMs = Date.parse(asOf);
  if (Number.isNaN(thenMs)) return "at an unknown time";
  const seconds = Math.max(0, Math.floor((nowMs - thenMs) / 1000));
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${plural(minutes, "minute")} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${plural(hours, "hour")} ago`;
  return `${plural(Math.round(hours / 24), "day")} ago`;
};

/** A timestamp as the admin's local date and time, "2024-05-01 14:03". */
export const formatDateTime = (iso: string | null): string => {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
};
