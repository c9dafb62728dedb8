"use client";

import type { AppTenantInput } from "@/lib/operations/operation";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { OperationScope } from "@/lib/authz";
import {
  addCollaboratorAction,
  changeCollaboratorAction,
  inviteCollaboratorAction,
  removeCollaboratorAction,
  rescindCollaboratorInvitationAction,
  resendCollaboratorInvitationAction,
} from "@/lib/actions/collaborators";
import type { Failure, Result } from "@/lib/result";
import type { AddCollaboratorOutcome } from "@/lib/operations/collaborators";
import { EndpointPicker } from "@/components/credentials/endpoint-picker";
import { ScopePicker } from "@/components/scopes/scope-picker";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { formDataToObject } from "@/lib/validation/form";

export type CollaboratorRow = {
  userId: string;
  name: string;
  handle: string;
  email: string;
  scopes: OperationScope[];
  endpointScopes: string[] | null;
  addedBy: string | null;
  createdAt: string;
  /** Whether the viewer may change / remove this collaborator (decided on the server by lib/authz). */
  mayChange: boolean;
  mayRemove: boolean;
};

/** A pending invitation by email, with what the viewer may do to it (decided on the server by lib/authz). */
export type CollaboratorInvitationRow = {
  id: string;
  email: string;
  scopes: OperationScope[];
  endpointScopes: string[] | null;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
  mayResend: boolean;
  mayRescind: boolean;
};

type AppRef = AppTenantInput;

/** The scopes in a row; "All scopes" when they are every scope a collaborator grant can carry. */
function summary(scopes: readonly string[], offered: readonly string[]): string {
  if (scopes.length === 0) return "No scopes";
  if (offered.length > 0 && offered.every((scope) => scopes.includes(scope))) return "All scopes";
  return scopes.length <= 4 ? scopes.join(", ") : `${scopes.slice(0, 3).join(", ")} and ${scopes.length - 3} more`;
}

function day(iso: string): string {
  return new Date(iso).toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
}

function FieldMessage({ state, field }: { state: Failure | null; field: string }) {
  const messages = state?.fieldErrors?.[field];
  return messages?.length ? (
    <p role="alert" className="text-xs text-red-700">
      {messages.join(" ")}
    </p>
  ) : null;
}

/** What a collaborator may do: operation scopes (limited to what the viewer may grant) and endpoints. */
function GrantFields({ failure, offered, grantable, scopes, endpoints = null }: { failure: Failure | null; offered: OperationScope[]; grantable: OperationScope[]; scopes?: OperationScope[]; endpoints?: string[] | null }) {
  return (
    <>
      <ScopePicker name="scopes" legend="Scopes" initial={scopes} offered={offered} available={grantable} />
      <FieldMessage state={failure} field="scopes" />
      <EndpointPicker initial={endpoints} />
      <FieldMessage state={failure} field="endpointScopes" />
    </>
  );
}

function FormButtons({ onCancel, pending, submitLabel, pendingLabel }: { onCancel: () => void; pending: boolean; submitLabel: string; pendingLabel: string }) {
  return (
    <div className="flex justify-end gap-2">
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </div>
  );
}

export function CollaboratorsPanel({
  app,
  rows,
  invitations,
  mayAdd,
  offered,
  grantable,
}: {
  app: AppRef;
  rows: CollaboratorRow[];
  invitations: CollaboratorInvitationRow[];
  mayAdd: boolean;
  offered: OperationScope[];
  grantable: OperationScope[];
}) {
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<CollaboratorRow | null>(null);
  return (
    <section aria-labelledby="collaborators-heading" className="space-y-3">
      <div className="flex items-center justify-between">
        <h2 id="collaborators-heading" className="text-lg font-semibold">
          Collaborators
        </h2>
        {mayAdd ? <Button onClick={() => setAdding(true)}>Add Collaborators</Button> : null}
      </div>
      {rows.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">This app has no collaborators.</div>
      ) : (
        <table className="w-full rounded-lg bg-white text-left text-sm ring-1 ring-slate-200">
          <thead className="text-slate-500">
            <tr>
              <th className="px-4 py-2 font-medium">Collaborator</th>
              <th className="px-4 py-2 font-medium">Scopes</th>
              <th className="px-4 py-2 font-medium">Added by</th>
              <th className="px-4 py-2 font-medium">Added</th>
              <th className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {rows.map((row) => (
              <tr key={row.userId}>
                <td className="px-4 py-2">
                  {row.name} <span className="text-slate-500">{row.email}</span>
                </td>
                <td className="px-4 py-2" title={row.scopes.join(", ")}>
                  {summary(row.scopes, offered)}
                  {row.endpointScopes ? <span className="block text-xs text-slate-500">{row.endpointScopes.length} endpoints only</span> : null}
                </td>
                <td className="px-4 py-2">{row.addedBy ?? "—"}</td>
                <td className="px-4 py-2">{day(row.createdAt)}</td>
                <td className="space-x-1 px-4 py-2 text-right whitespace-nowrap">
                  {row.mayChange ? (
                    <Button variant="ghost" aria-label={`Edit scopes of ${row.name}`} onClick={() => setEditing(row)}>
                      Edit
                    </Button>
                  ) : null}
                  {row.mayRemove ? (
                    <ConfirmButton
                      label="Remove"
                      variant="ghost"
                      buttonLabel={`Remove ${row.name}`}
                      title={`Remove ${row.name}?`}
                      body="They lose access to this app at once, in the console and through their tokens."
                      confirmLabel="Remove collaborator"
                      run={() => removeCollaboratorAction({ ...app, user: row.handle })}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayAdd ? <PendingCollaboratorInvitations app={app} invitations={invitations} offered={offered} /> : null}
      <Dialog open={adding} onClose={() => setAdding(false)} title="Add Collaborators" description="Invite a person with a registered account and choose what they may do in this app.">
        {adding ? <AddCollaboratorForm app={app} offered={offered} grantable={grantable} onDone={() => setAdding(false)} /> : null}
      </Dialog>
      <Dialog open={editing !== null} onClose={() => setEditing(null)} title={`Edit scopes of ${editing?.name ?? ""}`}>
        {editing ? <EditCollaboratorForm app={app} row={editing} offered={offered} grantable={grantable} onDone={() => setEditing(null)} /> : null}
      </Dialog>
    </section>
  );
}

/**
 * Invitations sent by email and not answered yet: re-send (a new link; the old one stops working)
 * or rescind (after a confirmation; the link stops working). The links themselves are never shown:
 * only the invitee's mail holds them.
 */
function PendingCollaboratorInvitations({ app, invitations, offered }: { app: AppRef; invitations: CollaboratorInvitationRow[]; offered: OperationScope[] }) {
  const router = useRouter();
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [resending, startResend] = useTransition();
  return (
    <section aria-labelledby="collaborator-invitations-heading" className="space-y-3 pt-4">
      <h3 id="collaborator-invitations-heading" className="font-semibold">
        Pending invitations
      </h3>
      {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      {invitations.length === 0 ? (
        <p className="text-sm text-slate-600">No pending invitations. Invitations sent by email appear here until they are accepted.</p>
      ) : (
        <table aria-label="Pending collaborator invitations" className="w-full rounded-lg bg-white text-left text-sm ring-1 ring-slate-200">
          <thead className="text-slate-500">
            <tr>
              <th className="px-4 py-2 font-medium">Email</th>
              <th className="px-4 py-2 font-medium">Scopes</th>
              <th className="px-4 py-2 font-medium">Invited by</th>
              <th className="px-4 py-2 font-medium">Expires</th>
              <th className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {invitations.map((invitation) => (
              <tr key={invitation.id}>
                <td className="px-4 py-2">{invitation.email}</td>
                <td className="px-4 py-2" title={invitation.scopes.join(", ")}>
                  {summary(invitation.scopes, offered)}
                  {invitation.endpointScopes ? <span className="block text-xs text-slate-500">{invitation.endpointScopes.length} endpoints only</span> : null}
                </td>
                <td className="px-4 py-2">{invitation.invitedBy ?? "A former user"}</td>
                <td className="px-4 py-2">{invitation.expired ? <span className="font-medium text-amber-700">Expired</span> : <time dateTime={invitation.expiresAt}>{day(invitation.expiresAt)}</time>}</td>
                <td className="space-x-1 px-4 py-2 text-right whitespace-nowrap">
                  {invitation.mayResend ? (
                    <Button
                      variant="ghost"
                      aria-label={`Resend invitation to ${invitation.email}`}
                      disabled={resending}
                      onClick={() =>
                        startResend(async () => {
                          setNotice(null);
                          const result = await resendCollaboratorInvitationAction({ ...app, invitationId: invitation.id });
                          setNotice(result.ok ? { tone: "success", text: `A new invitation link was sent to ${invitation.email}; the earlier link no longer works.` } : { tone: "error", text: result.message });
                          if (result.ok) router.refresh();
                        })
                      }
                    >
                      Resend
                    </Button>
                  ) : null}
                  {invitation.mayRescind ? (
                    <ConfirmButton
                      label="Rescind"
                      variant="ghost"
                      buttonLabel={`Rescind invitation to ${invitation.email}`}
                      title="Rescind invitation"
                      body={
                        <p>
                          Rescind the invitation to <strong>{invitation.email}</strong>? The emailed link stops working at once; nobody is added.
                        </p>
                      }
                      confirmLabel="Rescind invitation"
                      run={async () => {
                        const result = await rescindCollaboratorInvitationAction({ ...app, invitationId: invitation.id });
                        if (result.ok) setNotice({ tone: "success", text: `The invitation to ${invitation.email} was rescinded; its link no longer works.` });
                        return result;
                      }}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function useSubmit<T>() {
  const [state, setState] = useState<Result<T> | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (work: () => Promise<Result<T>>) => startTransition(async () => setState(await work()));
  return { state, failure: state && !state.ok ? state : null, pending, run, reset: () => setState(null) };
}

function AddCollaboratorForm({ app, offered, grantable, onDone }: { app: AppRef; offered: OperationScope[]; grantable: OperationScope[]; onDone: () => void }) {
  const router = useRouter();
  const add = useSubmit<AddCollaboratorOutcome>();
  const invite = useSubmit<{ email: string }>();
  const [lastInput, setLastInput] = useState<Record<string, unknown> | null>(null);
  if (add.state?.ok && add.state.data.status === "invited") {
    return (
      <div className="space-y-4">
        <Alert tone="success">
          An invitation was sent to {add.state.data.email}. {add.state.data.message}
        </Alert>
        <div className="flex justify-end">
          <Button onClick={onDone}>Done</Button>
        </div>
      </div>
    );
  }
  const canInvite = add.failure?.code === "not_found" && (add.failure.details as { canInvite?: boolean } | undefined)?.canInvite === true;
  if (invite.state?.ok) {
    return (
      <div className="space-y-4">
        <Alert tone="success">An invitation to sign up was sent to {invite.state.data.email}. They become a collaborator when they accept it.</Alert>
        <div className="flex justify-end">
          <Button onClick={onDone}>Done</Button>
        </div>
      </div>
    );
  }
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const input = { ...formDataToObject(new FormData(event.currentTarget)), ...app };
        setLastInput(input);
        add.run(async () => {
          const result = (await addCollaboratorAction(input)) as Result<AddCollaboratorOutcome>;
          // An invitation (an unverified address) joins the pending list: refresh it too.
          if (result.ok) router.refresh();
          if (result.ok && result.data.status === "added") onDone();
          return result;
        });
      }}
    >
      {add.failure && !add.failure.fieldErrors ? <Alert tone="error">{add.failure.message}</Alert> : null}
      <Field label="Email" name="email" type="email" required autoFocus errors={add.failure?.fieldErrors?.email} />
      {canInvite && lastInput ? (
        <div className="space-y-2 rounded-md bg-slate-50 p-3 text-sm">
          {invite.failure ? <Alert tone="error">{invite.failure.message}</Alert> : null}
          <Button variant="secondary" disabled={invite.pending} onClick={() =>
              invite.run(async () => {
                const result = await inviteCollaboratorAction(lastInput);
                if (result.ok) router.refresh();
                return result;
              })
            }>
            Send an invitation to sign up
          </Button>
        </div>
      ) : null}
      <GrantFields failure={add.failure} offered={offered} grantable={grantable} />
      <FormButtons onCancel={onDone} pending={add.pending} submitLabel="Confirm" pendingLabel="Adding…" />
    </form>
  );
}

function EditCollaboratorForm({ app, row, offered, grantable, onDone }: { app: AppRef; row: CollaboratorRow; offered: OperationScope[]; grantable: OperationScope[]; onDone: () => void }) {
  const router = useRouter();
  const change = useSubmit<unknown>();
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const input = { ...formDataToObject(new FormData(event.currentTarget)), ...app, user: row.handle };
        change.run(async () => {
          const result = await changeCollaboratorAction(input);
          if (result.ok) {
            onDone();
            router.refresh();
          }
          return result;
        });
      }}
    >
      {change.failure && !change.failure.fieldErrors ? <Alert tone="error">{change.failure.message}</Alert> : null}
      <GrantFields failure={change.failure} offered={offered} grantable={grantable} scopes={row.scopes} endpoints={row.endpointScopes} />
      <FormButtons onCancel={onDone} pending={change.pending} submitLabel="Save scopes" pendingLabel="Saving…" />
    </form>
  );
}
