import { useMemo, useState, type ReactNode } from "react";
import { DynamicTableStateless } from "@atlaskit/dynamic-table";
import type { RowType } from "@atlaskit/dynamic-table/types";
import { pageOf, sortRows, type SortOrder, type SortValue } from "./table-model";

export interface Column<T> {
  key: string;
  label: string;
  render: (row: T) => ReactNode;
  /** Present when the column is sortable. */
  sortValue?: (row: T) => SortValue;
  width?: number;
}

interface Props<T> {
  /** Accessible name of the table. */
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  pageSize?: number;
  defaultSort?: { key: string; order: SortOrder };
  emptyView?: ReactNode;
  isLoading?: boolean;
  testId?: string;
}

/**
 * A dynamic table that sorts and pages in memory and hands Atlaskit one page of rows, so a table of 5,000 rows
 * renders 25 of them. Pass the same `rows` array while the rows are the same (memoize a filtered list): a new array goes
 * back to the first page.
 */
export const PagedTable = <T,>({ label, columns, rows, rowKey, pageSize = 25, defaultSort, emptyView, isLoading, testId }: Props<T>) => {
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState(defaultSort);
  // New rows (a filter typed, data reloaded) start on the first page, not on a page of the old rows.
  const [pagedRows, setPagedRows] = useState(rows);
  if (pagedRows !== rows) {
    setPagedRows(rows);
    setPage(1);
  }

  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sort?.key);
    return column?.sortValue && sort ? sortRows(rows, column.sortValue, sort.order) : rows;
  }, [rows, columns, sort]);

  const current = pageOf(sorted, { page, pageSize });
  const head = {
    cells: columns.map((c) => ({ key: c.key, content: c.label, isSortable: c.sortValue !== undefined, width: c.width })),
  };
  const pageRows: RowType[] = current.rows.map((row) => {
    const key = rowKey(row);
    return { key, cells: columns.map((c) => ({ key: `${key}:${c.key}`, content: c.render(row) })) };
  });

  return (
    <DynamicTableStateless
      label={label}
      head={head}
      rows={pageRows}
      rowsPerPage={pageSize}
      totalRows={sorted.length}
      page={current.page}
      onSetPage={(next) => { setPage(next); }}
      sortKey={sort?.key}
      sortOrder={sort?.order}
      onSort={(data: { key: string; sortOrder: SortOrder }) => { setSort({ key: data.key, order: data.sortOrder }); setPage(1); }}
      emptyView={emptyView ? <div>{emptyView}</div> : undefined}
      isLoading={isLoading}
      testId={testId}
      paginationi18n={{ prev: "Previous page", next: "Next page", label: `${label} pagination`, pageLabel: "Page" }}
    />
  );
};
