import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Time } from "@/components/ui/time";
import { AUDIT_ACTIONS, auditActionName, auditTargetTypeName } from "@/lib/audit-actions";
import type { AuditLogEvent, AuditLogView } from "@/lib/operations/audit-log";
import type { FieldErrors } from "@/lib/result";
import type { AuditSearch } from "@/lib/services/audit-log";
import { AuditEventDetails, type AuditLogRef } from "./event-details";

// The audit log as the organization's settings and an app's settings show it: the filter form (a
// GET form: filters live in the URL, so a filtered view can be shared and reloaded), the events
// newest first with what changed, keyset page links, and the CSV export of the same filters.

function href(path: string, search: AuditSearch, extra: Partial<AuditSearch> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...search, cursor: undefined, ...extra })) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

function Changes({ event }: { event: AuditLogEvent }) {
  if (event.changes.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <ul className="space-y-0.5">
      {event.changes.slice(0, 4).map((change) => (
        <li key={change.key} className="break-words">
          <span className="font-medium">{change.key}</span>: <span className="text-slate-500 line-through decoration-slate-300">{change.before ?? "∅"}</span> →{" "}
          <span>{change.after ?? "∅"}</span>
        </li>
      ))}
      {event.changes.length > 4 ? <li className="text-slate-500">and {event.changes.length - 4} more</li> : null}
    </ul>
  );
}

function FilterField({ name, label, value, errors, type = "text", placeholder, list }: { name: string; label: string; value?: string; errors?: string[]; type?: string; placeholder?: string; list?: string }) {
  const id = `audit-filter-${name}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={value}
        placeholder={placeholder}
        list={list}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
        className={`block w-full rounded-md border-0 px-2.5 py-1.5 text-sm shadow-sm ring-1 ring-inset focus:ring-2 focus:ring-brand-600 ${errors?.length ? "ring-red-400" : "ring-slate-300"}`}
      />
      {errors?.length ? (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function AuditLogPanel({
  path,
  exportPath,
  log,
  search,
  result,
  showApp,
  intro,
}: {
  /** The page's own path (filters and cursors are added as its query). */
  path: string;
  exportPath: string;
  log: AuditLogRef;
  search: AuditSearch;
  /** The page read, or why it could not be read (bad filters). */
  result: { ok: true; data: AuditLogView } | { ok: false; message: string; fieldErrors?: FieldErrors };
  /** The organization's log has an app column and filter; an app's own log does not. */
  showApp: boolean;
  intro: string;
}) {
  const errors = result.ok ? {} : (result.fieldErrors ?? {});
  const appErrors = errors.appId;
  const filtered = Object.entries(search).some(([field, value]) => field !== "cursor" && Boolean(value));
  return (
    <section aria-labelledby="audit-heading" className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 id="audit-heading" className="text-xl font-semibold">
            Audit log
          </h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{intro}</p>
        </div>
        {result.ok ? (
          <a href={href(exportPath, search)} download className={buttonClass("secondary", "px-3 py-1.5 text-sm")}>
            Download CSV
          </a>
        ) : null}
      </div>

      <form method="get" action={path} aria-label="Filter the audit log" className="grid gap-3 rounded-lg bg-white p-4 ring-1 ring-slate-200 sm:grid-cols-3 lg:grid-cols-6">
        <FilterField name="actor" label="Actor" value={search.actor} errors={errors.actor} placeholder="Email, user ID or name" />
        <FilterField name="action" label="Action" value={search.action} errors={errors.action} placeholder="member or member.role_changed" list="audit-action-codes" />
        {/* The codes the filter takes, offered with their names as one types. */}
        <datalist id="audit-action-codes">
          {Object.entries(AUDIT_ACTIONS).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </datalist>
        <FilterField name="target" label="Target ID" value={search.target} errors={errors.target} placeholder="usr_…" />
        {showApp ? <FilterField name="app" label="App ID" value={search.app} errors={appErrors} /> : null}
        <FilterField name="from" label="From (UTC)" type="date" value={search.from} errors={errors.from} />
        <FilterField name="to" label="To (UTC)" type="date" value={search.to} errors={errors.to} />
        <div className="flex items-end gap-2 sm:col-span-3 lg:col-span-6">
          <button type="submit" className={buttonClass("primary", "px-3 py-1.5 text-sm")}>
            Filter
          </button>
          {filtered ? (
            <Link href={path} className={buttonClass("ghost", "px-3 py-1.5 text-sm")}>
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>

      {!result.ok ? (
        <Alert tone="error">
          {result.message} {errors.cursor?.join(" ")} {errors._form?.join(" ")}
        </Alert>
      ) : result.data.events.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="text-sm text-slate-600">{filtered ? "No event matches these filters." : "No events yet."}</p>
        </div>
      ) : (
        <>
          <div role="region" aria-label="Audit events" tabIndex={0} className="relative overflow-x-auto">
            <table aria-label="Audit events" className="w-full rounded-lg bg-white text-sm ring-1 ring-slate-200">
              <thead className="text-left text-slate-500">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">Time</th>
                  <th scope="col" className="px-3 py-2 font-medium">Actor</th>
                  <th scope="col" className="px-3 py-2 font-medium">Action</th>
                  <th scope="col" className="px-3 py-2 font-medium">Target</th>
                  {showApp ? <th scope="col" className="px-3 py-2 font-medium">App</th> : null}
                  <th scope="col" className="px-3 py-2 font-medium">IP</th>
                  <th scope="col" className="px-3 py-2 font-medium">Changes</th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    <span className="sr-only">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 align-top">
                {result.data.events.map((event) => (
                  <tr key={event.id}>
                    <td className="px-3 py-2 text-slate-600">
                      <Time value={event.at} absolute />
                    </td>
                    <td className="px-3 py-2">
                      {event.actorUserId ? (
                        <Link href={href(path, search, { actor: event.actorEmail ?? event.actorHandle ?? undefined })} className="text-brand-600 hover:underline">
                          {event.actorName ?? event.actorUserId}
                        </Link>
                      ) : (
                        <span className="text-slate-500">System</span>
                      )}
                      {event.actorEmail ? <span className="block text-xs text-slate-500">{event.actorEmail}</span> : null}
                    </td>
                    <td className="px-3 py-2">
                      <Link href={href(path, search, { action: event.action })} className="font-medium whitespace-nowrap hover:underline" title={`Show only ${auditActionName(event.action)} events`}>
                        {auditActionName(event.action)}
                      </Link>
                      <span className="block font-mono text-xs whitespace-nowrap text-slate-500">{event.action}</span>
                    </td>
                    <td className="px-3 py-2">
                      <span className="block text-xs text-slate-500">{auditTargetTypeName(event.targetType)}</span>
                      <Link
                        href={href(path, search, { target: event.targetId })}
                        title={event.targetLabel ? `${event.targetLabel} (${event.targetId}): show only its events` : `${event.targetId}: show only its events`}
                        className={`block max-w-[16rem] truncate text-brand-600 hover:underline ${event.targetLabel ? "" : "font-mono text-xs"}`}
                      >
                        {event.targetLabel ?? event.targetId}
                      </Link>
                    </td>
                    {showApp ? (
                      <td className="px-3 py-2">
                        {event.appId ? (
                          <Link href={href(path, search, { app: event.appId })} className="text-brand-600 hover:underline">
                            {event.appId}
                          </Link>
                        ) : event.appRef ? (
                          <span className="text-slate-500">deleted app</span>
                        ) : (
                          <span className="text-slate-400">—</span>
                        )}
                      </td>
                    ) : null}
                    <td className="px-3 py-2 font-mono text-xs text-slate-600">{event.ip ?? "—"}</td>
                    <td className="px-3 py-2 text-xs">
                      <Changes event={event} />
                    </td>
                    <td className="px-3 py-2">
                      <AuditEventDetails log={log} eventId={event.id} action={event.action} target={event.targetLabel ?? event.targetId} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav aria-label="Pagination" className="flex items-center justify-end gap-2 py-2 text-sm">
            {result.data.newer ? (
              <>
                <Link className={buttonClass("secondary", "px-3 py-1.5 text-sm")} href={href(path, search)}>
                  Newest
                </Link>
                <Link className={buttonClass("secondary", "px-3 py-1.5 text-sm")} href={href(path, search, { cursor: result.data.newer })} rel="prev">
                  Newer events
                </Link>
              </>
            ) : null}
            {result.data.older ? (
              <Link className={buttonClass("secondary", "px-3 py-1.5 text-sm")} href={href(path, search, { cursor: result.data.older })} rel="next">
                Older events
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </section>
  );
}
