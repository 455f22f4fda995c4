/** Sorting, filtering and paging of table rows in memory, so a table renders one page even for 5,000 rows. */

export type SortOrder = "ASC" | "DESC";
export type SortValue = string | number;

export interface PageRequest { page: number; pageSize: number }

/** Sorts a copy of `rows` by `valueOf`, strings case-insensitively; ties keep their original order. */
export const sortRows = <T>(rows: readonly T[], valueOf: (row: T) => SortValue, order: SortOrder): T[] => {
  const direction = order === "ASC" ? 1 : -1;
  const keyed = rows.map((row, index) => ({ row, index, value: valueOf(row) }));
  keyed.sort((a, b) => {
    const cmp = typeof a.value === "number" && typeof b.value === "number"
      ? a.value - b.value
      : String(a.value).localeCompare(String(b.value), "en", { sensitivity: "base", numeric: true });
    return cmp !== 0 ? cmp * direction : a.index - b.index;
  });
  return keyed.map((k) => k.row);
};

/** Rows whose text contains every word of `filter` (case-insensitive); an empty filter keeps all. */
export const filterRows = <T>(rows: readonly T[], textOf: (row: T) => string, filter: string): readonly T[] => {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const text = textOf(row).toLowerCase();
    return words.every((w) => text.includes(w));
  });
};

/** The rows of one page (1-based), with the page clamped into range. */
export const pageOf = <T>(rows: readonly T[], { page, pageSize }: PageRequest): { rows: T[]; page: number; pages: number } => {
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  return { rows: rows.slice((current - 1) * pageSize, current * pageSize), page: current, pages };
};
