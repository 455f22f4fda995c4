import type { ApiError } from "../api/errors";
import { formatDateTime } from "./format";

export interface ErrorWording { title: string; body: string; appearance: "error" | "warning" }

/**
 * What to tell the admin about a failed call, by kind: what happened and what happens next.
 * `doing` names the action in progress ("load the projects").
 */
export const errorWording = (error: ApiError, doing: string): ErrorWording => {
  const retry = error.retryAt ? ` You can try again after ${formatDateTime(error.retryAt.toISOString())}.` : "";
  switch (error.kind) {
    case "session-expired":
      return { appearance: "warning", title: "Your session has expired", body: "Reload the page to continue. Nothing was lost: running jobs carry on." };
    case "not-admin":
      return { appearance: "error", title: "Only administrators can manage access", body: `${error.message} Ask a workspace or project administrator for access.` };
    case "credential-required":
      return { appearance: "warning", title: "A write credential is needed", body: error.message };
    case "bitbucket-unavailable":
      return { appearance: "warning", title: "Bitbucket is not answering", body: `Could not ${doing}: ${error.message} Nothing was changed. Try again in a few minutes; running jobs retry on their own.` };
    case "rate-limited":
      return { appearance: "warning", title: "The hourly call budget is spent", body: `Could not ${doing} right now: ${error.message}${retry} Running jobs pause and continue when the budget allows.` };
    case "network":
      return { appearance: "error", title: "The app cannot be reached", body: `Could not ${doing}. Check your connection and try again.` };
    case "not-found":
      return { appearance: "error", title: "Not found", body: error.message };
    case "conflict":
    case "validation":
      return { appearance: "error", title: `Could not ${doing}`, body: error.message };
    case "server":
      return { appearance: "error", title: "Something went wrong in the app", body: `Could not ${doing}: ${error.message}` };
  }
};
