"use client";

import { createSortedRowModel, rowSortingFeature, tableFeatures, useTable, type SortingState } from "@tanstack/react-table";
import type { ReactNode } from "react";

/**
 * The console's one list table, on TanStack Table: one header style, sortable columns whose header
 * is a button and whose state is announced with aria-sort. Cells arrive already rendered, so a
 * server page can hand its rows over as they are; sorting uses each row's `sortValues`.
 *
 * Sorting happens in the browser, over the rows given: for a server-paginated list that is the
 * current page.
 */
export type DataTableColumn = {
  id: string;
  header: string;
  /** Sortable by the row's `sortValues[id]`. */
  sortable?: boolean;
  /** Header read by screen readers only (e.g. "Actions"). */
  hideHeader?: boolean;
  align?: "left" | "right";
  /** Extra classes for this column's cells. */
  className?: string;
  /** Its cells name their row (`<th scope="row">`): the first column, usually. */
  rowHeader?: boolean;
};

export type SortValue = string | number | boolean | null | undefined;

export type DataTableRow = {
  id: string;
  cells: Record<string, ReactNode>;
  sortValues?: Record<string, SortValue>;
  /** A cell's full text when it shows a summary (hover). */
  titles?: Record<string, string>;
  className?: string;
};

const features = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel() });

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Strings by the English collation (numbers inside compared as numbers), then numbers; empty last. */
export function compareSortValues(a: SortValue, b: SortValue): number {
  const emptyA = a === null || a === undefined || a === "";
  const emptyB = b === null || b === undefined || b === "";
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
  if (typeof a === "string" && typeof b === "string") return collator.compare(a, b);
  return Number(a) - Number(b);
}

export function DataTable({
  label,
  columns,
  rows,
  defaultSort,
  className = "",
}: {
  /** The table's accessible name. */
  label: string;
  columns: DataTableColumn[];
  rows: DataTableRow[];
  defaultSort?: { column: string; direction?: "asc" | "desc" };
  className?: string;
}) {
  const initialSorting: SortingState = defaultSort ? [{ id: defaultSort.column, desc: defaultSort.direction === "desc" }] : [];
  const table = useTable({
    features,
    data: rows,
    getRowId: (row) => row.id,
    initialState: { sorting: initialSorting },
    enableMultiSort: false,
    enableSortingRemoval: false,
    columns: columns.map((column) => ({
      id: column.id,
      accessorFn: (row: DataTableRow) => row.sortValues?.[column.id],
      enableSorting: column.sortable === true,
      sortUndefined: "last" as const,
      sortFn: (rowA: { original: DataTableRow }, rowB: { original: DataTableRow }) => compareSortValues(rowA.original.sortValues?.[column.id], rowB.original.sortValues?.[column.id]),
    })),
  });
  const sorted = table.getSortedRowModel().rows;
  return (
    // A focusable, named region: a table wider than a phone scrolls inside it, by keyboard too; `relative`
    // keeps the visually hidden header inside the scroll box.
    <div role="region" aria-label={label} tabIndex={0} className={`relative overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200 focus-visible:outline-2 focus-visible:outline-brand-600 ${className}`}>
      <table aria-label={label} className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-xs font-medium tracking-wide text-slate-500 uppercase">
          <tr>
            {table.getFlatHeaders().map((header) => {
              const column = columns.find((candidate) => candidate.id === header.column.id)!;
              const direction = header.column.getIsSorted();
              const align = column.align === "right" ? "text-right" : "text-left";
              return (
                <th
                  key={header.id}
                  scope="col"
                  aria-sort={direction === "asc" ? "ascending" : direction === "desc" ? "descending" : undefined}
                  className={`px-4 py-2 font-medium whitespace-nowrap ${align}`}
                >
                  {column.hideHeader ? (
                    <span className="sr-only">{column.header}</span>
                  ) : header.column.getCanSort() ? (
                    <button
                      type="button"
                      onClick={header.column.getToggleSortingHandler()}
                      className="-mx-1 inline-flex items-center gap-1 rounded px-1 uppercase hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-600"
                    >
                      {column.header}
                      <SortIcon direction={direction} />
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sorted.map((row) => (
            <tr key={row.id} className={row.original.className}>
              {columns.map((column) => {
                const cellClass = `px-4 py-2 ${column.align === "right" ? "text-right" : "text-left"} ${column.className ?? ""}`;
                return column.rowHeader ? (
                  <th key={column.id} scope="row" title={row.original.titles?.[column.id]} className={`font-medium ${cellClass}`}>
                    {row.original.cells[column.id]}
                  </th>
                ) : (
                  <td key={column.id} title={row.original.titles?.[column.id]} className={cellClass}>
                    {row.original.cells[column.id]}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SortIcon({ direction }: { direction: false | "asc" | "desc" }) {
  return (
    <svg viewBox="0 0 12 12" className={`h-3 w-3 ${direction ? "text-slate-700" : "text-slate-300"}`} fill="currentColor" aria-hidden>
      {direction !== "desc" ? <path d="M6 2l3 4H3z" /> : null}
      {direction !== "asc" ? <path d="M6 10L3 6h6z" /> : null}
    </svg>
  );
}
