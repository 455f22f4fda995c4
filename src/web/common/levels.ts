import type { Level } from "../../shared/api-contract";

export const LEVEL_LABELS: Record<Level, string> = {
  none: "No access",
  read: "Read",
  write: "Write",
  "create-repo": "Create repositories",
  admin: "Admin",
};

const RANK: Record<Level, number> = { none: 0, read: 1, write: 2, "create-repo": 3, admin: 4 };

export const levelRank = (level: Level): number => RANK[level];

export type LevelAppearance = "default" | "inprogress" | "moved" | "new" | "removed" | "success";

/** Lozenge colours: grey for read and none, blue for write, purple for create-repo, yellow for admin. */
export const levelAppearance = (level: Level): LevelAppearance =>
  level === "admin" ? "moved" : level === "create-repo" ? "new" : level === "write" ? "inprogress" : "default";
