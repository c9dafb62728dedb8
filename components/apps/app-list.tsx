import Link from "next/link";
import type { ReactNode } from "react";
import type { AppRecord } from "@/lib/services/access";

/** A list of apps linking to their pages, with an empty state. */
export function AppList({ apps, empty, label }: { apps: AppRecord[]; empty: ReactNode; label: string }) {
  if (apps.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
        <p className="text-sm text-slate-600">{empty}</p>
      </div>
    );
  }
  return (
    <ul aria-label={label} className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200">
      {apps.map((app) => (
        <li key={app.id}>
          <Link href={`/${encodeURIComponent(app.ownerHandle)}/${encodeURIComponent(app.appId)}`} className="flex items-center justify-between gap-4 px-4 py-3 hover:bg-slate-50">
            <span>
              <span className="font-medium">{app.name}</span>
              <span className="ml-2 text-sm text-slate-500">
                {app.ownerHandle}/{app.appId}
              </span>
            </span>
            <span className="truncate text-sm text-slate-500">{app.description}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
