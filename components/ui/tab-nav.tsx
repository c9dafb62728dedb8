"use client";

import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";

/**
 * Navigation tabs (settings sections). Callers pass only the sections the viewer may open; `exact`
 * marks a tab whose sub-paths belong to other tabs.
 */
export function TabNav({ label, tabs }: { label: string; tabs: { href: string; label: string; exact?: boolean }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="flex flex-wrap gap-x-1 border-b border-slate-200">
      {tabs.map((tab) => {
        const active = tab.exact ? pathname === tab.href : pathname === tab.href || pathname.startsWith(`${tab.href}/`);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {tab.label}
            <PendingMark />
          </Link>
        );
      })}
    </nav>
  );
}

/** A spinner on the tab while its section loads; the page's loading status announces it. */
function PendingMark() {
  const { pending } = useLinkStatus();
  if (!pending) return null;
  return <span aria-hidden className="ml-1.5 inline-block h-3 w-3 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600 align-[-1px]" />;
}
