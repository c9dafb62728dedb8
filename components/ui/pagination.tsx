import Link from "next/link";

/**
 * Server-side pagination links that keep the other query parameters (search, tab).
 * `page` is 1-based.
 */
export function Pagination({ basePath, params, page, pageSize, total }: { basePath: string; params: Record<string, string | undefined>; page: number; pageSize: number; total: number }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const href = (target: number) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
    if (target > 1) search.set("page", String(target));
    const query = search.toString();
    return query ? `${basePath}?${query}` : basePath;
  };
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const linkClass = "rounded-md px-3 py-1.5 text-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50";
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-4 py-3 text-sm text-slate-600">
      <p>
        {from}–{to} of {total.toLocaleString("en-US")}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link className={linkClass} href={href(page - 1)} rel="prev">
            Previous
          </Link>
        ) : null}
        <span className="px-2 py-1.5" aria-current="page">
          Page {page} of {pages.toLocaleString("en-US")}
        </span>
        {page < pages ? (
          <Link className={linkClass} href={href(page + 1)} rel="next">
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}

/** Reads `?page=` safely: anything that is not a positive integer is page 1. */
export function pageFromSearchParams(value: string | string[] | undefined): number {
  const parsed = typeof value === "string" && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return parsed >= 1 ? parsed : 1;
}
