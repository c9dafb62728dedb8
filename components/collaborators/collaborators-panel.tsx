"use client";

import type { AppTenantInput } from "@/lib/operations/operation";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import Link from "next/link";
import { GRANT_KIND_ENDPOINT_LEVELS, GRANT_KIND_SCOPE_NOTES, type OperationScope } from "@/lib/authz";
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
import { Button, buttonClass } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";
import { showSuccess } from "@/components/ui/toaster";
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

/** The access explainer prefilled with this person (the app is the page's). */
function explainHref(app: AppRef, handle: string): string {
  return `/${encodeURIComponent(app.owner)}/${encodeURIComponent(app.app)}/settings/explain?user=${encodeURIComponent(handle)}`;
}

/** The scopes in a row; "All scopes" when they are every scope a collaborator grant can carry. */
function summary(scopes: readonly string[], offered: readonly string[]): string {
  if (scopes.length === 0) return "No scopes";
  if (offered.length > 0 && offered.every((scope) => scopes.includes(scope))) return "All scopes";
  return scopes.length <= 4 ? scopes.join(", ") : `${scopes.slice(0, 3).join(", ")} and ${scopes.length - 3} more`;
}

function FieldMessage({ state, field }: { state: Failure | null; field: string }) {
  const messages = state?.fieldErrors?.[field];
  return messages?.length ? (
    <p role="alert" className="text-xs text-red-700">
      {messages.join(" ")}
    </p>
  ) : null;
}

/**
 * What a collaborator may do: operation scopes (limited to what the viewer may grant) and endpoints,
 * the endpoint list offering only what the chosen scopes allow (lib/authz decides both).
 */
function GrantFields({ failure, offered, grantable, scopes, endpoints = null }: { failure: Failure | null; offered: OperationScope[]; grantable: OperationScope[]; scopes?: OperationScope[]; endpoints?: string[] | null }) {
  const [chosen, setChosen] = useState<readonly OperationScope[]>(scopes ?? []);
  return (
    <>
      <ScopePicker name="scopes" legend="Scopes" initial={scopes} offered={offered} available={grantable} note={GRANT_KIND_SCOPE_NOTES.collaborator} onChange={setChosen} />
      <FieldMessage state={failure} field="scopes" />
      <EndpointPicker initial={endpoints} scopes={chosen} levels={GRANT_KIND_ENDPOINT_LEVELS.collaborator} />
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
  edit,
}: {
  app: AppRef;
  rows: CollaboratorRow[];
  invitations: CollaboratorInvitationRow[];
  mayAdd: boolean;
  offered: OperationScope[];
  grantable: OperationScope[];
  /** A collaborator's user ID whose edit dialog opens at once (the explainer links here), when the viewer may change them. */
  edit?: string;
}) {
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<CollaboratorRow | null>(() => rows.find((row) => row.handle === edit && row.mayChange) ?? null);
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
        <DataTable
          label="Collaborators"
          columns={[
            { id: "collaborator", header: "Collaborator", sortable: true, rowHeader: true, className: "font-normal" },
            { id: "scopes", header: "Scopes" },
            { id: "addedBy", header: "Added by", sortable: true },
            { id: "added", header: "Added", sortable: true },
            { id: "actions", header: "Actions", hideHeader: true, align: "right", className: "space-x-1 whitespace-nowrap" },
          ]}
          defaultSort={{ column: "collaborator" }}
          rows={rows.map((row) => ({
            id: row.userId,
            sortValues: { collaborator: row.name, addedBy: row.addedBy, added: row.createdAt },
            titles: { scopes: row.scopes.join(", ") },
            cells: {
              collaborator: (
                <>
                  {row.name} <span className="text-slate-500">{row.email}</span>
                </>
              ),
              scopes: (
                <>
                  {summary(row.scopes, offered)}
                  {row.endpointScopes ? <span className="block text-xs text-slate-500">{row.endpointScopes.length} endpoints only</span> : null}
                </>
              ),
              addedBy: row.addedBy ?? "—",
              added: <Time value={row.createdAt} />,
              actions: (
                <>
                  <Link
                    href={explainHref(app, row.handle)}
                    aria-label={`Explain the access of ${row.name}`}
                    className={buttonClass("ghost")}
                  >
                    Explain
                  </Link>
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
                      successMessage={`${row.name} was removed from this app.`}
                      run={() => removeCollaboratorAction({ ...app, user: row.handle })}
                    />
                  ) : null}
                </>
              ),
            },
          }))}
        />
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
  const [resendError, setResendError] = useState<string | null>(null);
  const [resending, startResend] = useTransition();
  return (
    <section aria-labelledby="collaborator-invitations-heading" className="space-y-3 pt-4">
      <h3 id="collaborator-invitations-heading" className="font-semibold">
        Pending invitations
      </h3>
      {resendError ? <Alert tone="error">{resendError}</Alert> : null}
      {invitations.length === 0 ? (
        <p className="text-sm text-slate-600">No pending invitations. Invitations sent by email appear here until they are accepted.</p>
      ) : (
        <DataTable
          label="Pending collaborator invitations"
          columns={[
            { id: "email", header: "Email", sortable: true, rowHeader: true, className: "font-normal" },
            { id: "scopes", header: "Scopes" },
            { id: "invitedBy", header: "Invited by", sortable: true },
            { id: "expires", header: "Expires", sortable: true },
            { id: "actions", header: "Actions", hideHeader: true, align: "right", className: "space-x-1 whitespace-nowrap" },
          ]}
          defaultSort={{ column: "email" }}
          rows={invitations.map((invitation) => ({
            id: invitation.id,
            sortValues: { email: invitation.email, invitedBy: invitation.invitedBy, expires: invitation.expiresAt },
            titles: { scopes: invitation.scopes.join(", ") },
            cells: {
              email: invitation.email,
              scopes: (
                <>
                  {summary(invitation.scopes, offered)}
                  {invitation.endpointScopes ? <span className="block text-xs text-slate-500">{invitation.endpointScopes.length} endpoints only</span> : null}
                </>
              ),
              invitedBy: invitation.invitedBy ?? "A former user",
              expires: invitation.expired ? <span className="font-medium text-amber-700">Expired</span> : <Time value={invitation.expiresAt} />,
              actions: (
                <>
                  {invitation.mayResend ? (
                    <Button
                      variant="ghost"
                      aria-label={`Resend invitation to ${invitation.email}`}
                      disabled={resending}
                      onClick={() =>
                        startResend(async () => {
                          setResendError(null);
                          const result = await resendCollaboratorInvitationAction({ ...app, invitationId: invitation.id });
                          if (!result.ok) {
                            setResendError(result.message);
                            return;
                          }
                          showSuccess(`A new invitation link was sent to ${invitation.email}; the earlier link no longer works.`);
                          router.refresh();
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
                      successMessage={`The invitation to ${invitation.email} was rescinded; its link no longer works.`}
                      run={() => rescindCollaboratorInvitationAction({ ...app, invitationId: invitation.id })}
                    />
                  ) : null}
                </>
              ),
            },
          }))}
        />
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
          if (result.ok && result.data.status === "added") {
            showSuccess(`${result.data.name} was added as a collaborator${result.data.grant.endpointScopes ? `, limited to ${result.data.grant.endpointScopes.length} endpoint${result.data.grant.endpointScopes.length === 1 ? "" : "s"}` : ""}. They were told by email.`);
            onDone();
          }
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
