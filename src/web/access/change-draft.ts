import type { CreatePlanRequest, Level, PlanScope, PrincipalRef } from "../../shared/api-contract";

/** What the admin has filled in on the Change form so far. */
export interface ChangeDraft {
  principal: (PrincipalRef & { name: string }) | null;
  permission: Level;
  scope: PlanScope;
  /** Glob patterns, separated by commas or new lines. */
  include: string;
  exclude: string;
  alsoForNewRepositories: boolean;
}

export const emptyDraft: ChangeDraft = {
  principal: null, permission: "write", scope: "project", include: "", exclude: "", alsoForNewRepositories: false,
};

/** Splits "mobile-*, api-*\nweb" into trimmed patterns. */
export const parsePatterns = (text: string): string[] => text.split(/[\n,]/).map((p) => p.trim()).filter(Boolean);

/** A group slug as Bitbucket forms them: lower case, digits, `-` and `_`. */
export const isGroupSlug = (value: string): boolean => /^[a-z0-9][a-z0-9_-]*$/.test(value);

/** The plan request for a draft, or the reasons it cannot be sent yet (keyed by field). */
export const toPlanRequest = (draft: ChangeDraft): { request: CreatePlanRequest } | { errors: Record<string, string> } => {
  const errors: Record<string, string> = {};
  if (!draft.principal) errors.principal = "Choose a user or group.";
  if (draft.permission === "create-repo" && draft.scope !== "project") {
    errors.permission = "Create repositories exists on the project only; choose the project's own grant as the scope.";
  }
  const include = parsePatterns(draft.include);
  const exclude = parsePatterns(draft.exclude);
  if (!draft.principal || Object.keys(errors).length > 0) return { errors };
  const ref: PrincipalRef = draft.principal.type === "user"
    ? { type: "user", id: draft.principal.id }
    : { type: "group", slug: draft.principal.slug };
  const request: CreatePlanRequest = { principal: ref, permission: draft.permission, scope: draft.scope };
  if (draft.scope !== "project") {
    if (include.length > 0 || exclude.length > 0) {
      request.repositories = {
        ...(include.length > 0 ? { include } : {}),
        ...(exclude.length > 0 ? { exclude } : {}),
      };
    }
    if (draft.alsoForNewRepositories) request.alsoForNewRepositories = true;
  }
  return { request };
};
