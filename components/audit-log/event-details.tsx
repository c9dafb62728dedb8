"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { appAuditEventAction, auditEventAction } from "@/lib/actions/audit-log";
import { auditActionName, auditTargetTypeName } from "@/lib/audit-actions";
import { auditKeys } from "@/lib/query-keys";

/** Which log an event is read from: the organization's, or one app's. */
export type AuditLogRef = { org: string } | { owner: string; app: string };

function pretty(value: unknown): string {
  return value === null || value === undefined ? "—" : JSON.stringify(value, null, 2);
}

/** "Details": the event's whole before and after, read when asked for (the table shows what changed). */
export function AuditEventDetails({ log, eventId, action, target }: { log: AuditLogRef; eventId: string; action: string; target: string }) {
  const [open, setOpen] = useState(false);
  const logKey = "org" in log ? log.org : `${log.owner}/${log.app}`;
  const query = useQuery({
    queryKey: auditKeys.event(logKey, eventId),
    enabled: open,
    queryFn: async () => {
      const result = "org" in log ? await auditEventAction({ org: log.org, eventId }) : await appAuditEventAction({ owner: log.owner, app: log.app, eventId });
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
  });
  return (
    <>
      <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setOpen(true)} aria-label={`Details of ${auditActionName(action)}: ${target}`}>
        Details
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={auditActionName(action)} description={`The event's whole record (${action}), as it was written.`}>
        {query.isPending ? (
          <p className="text-sm text-slate-600">Loading…</p>
        ) : query.isError ? (
          <p role="alert" className="text-sm text-red-700">
            {query.error.message}
          </p>
        ) : (
          <div className="space-y-3 text-sm">
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              <dt className="text-slate-500">Event</dt>
              <dd className="font-mono text-xs break-all">{query.data.id}</dd>
              <dt className="text-slate-500">Target</dt>
              <dd className="break-all">
                {auditTargetTypeName(query.data.targetType)} <span className="font-mono text-xs">{query.data.targetId}</span>
              </dd>
            </dl>
            <div>
              <h3 className="font-medium text-slate-700">Before</h3>
              <pre role="region" aria-label="Before, scrollable" tabIndex={0} className="mt-1 max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs focus-visible:outline-2 focus-visible:outline-brand-600">{pretty(query.data.before)}</pre>
            </div>
            <div>
              <h3 className="font-medium text-slate-700">After</h3>
              <pre role="region" aria-label="After, scrollable" tabIndex={0} className="mt-1 max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs focus-visible:outline-2 focus-visible:outline-brand-600">{pretty(query.data.after)}</pre>
            </div>
          </div>
        )}
      </Dialog>
    </>
  );
}
