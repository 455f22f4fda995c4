import { principalParam, type AuditQuery, type Principal } from "../../shared/api-contract";

export interface AuditFilters { principal: Principal | null; sinceDate: string; untilDate: string }

export const noAuditFilters: AuditFilters = { principal: null, sinceDate: "", untilDate: "" };

/** A `YYYY-MM-DD` date input as the start of that local day (or of the next day, for an inclusive "until"). */
const dayStart = (date: string, plusDays = 0): string | undefined => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays);
  return day.toISOString();
};

/** The audit query for the page's filters; "until" includes the whole day chosen. */
export const auditQueryFrom = (projectKey: string, filters: AuditFilters): Omit<AuditQuery, "format"> => {
  const query: Omit<AuditQuery, "format"> = { project: projectKey };
  if (filters.principal) query.principal = principalParam(filters.principal);
  const since = dayStart(filters.sinceDate);
  const until = dayStart(filters.untilDate, 1);
  if (since) query.since = since;
  if (until) query.until = until;
  return query;
};
