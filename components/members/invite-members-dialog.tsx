"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useState, useTransition } from "react";
import { inviteMembersAction, searchTeamsToInviteAction } from "@/lib/actions/invitations";
import { ORG_ROLES, ORG_ROLE_DESCRIPTIONS, type OrgRole } from "@/lib/authz";
import type { PendingReplacement, ReplacePendingDetails } from "@/lib/operations/invitations";
import type { InvitedEmail } from "@/lib/services/invitations";
import type { Result } from "@/lib/result";
import { invitationKeys } from "@/lib/query-keys";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CandidatePicker } from "@/components/ui/candidate-picker";
import { Dialog } from "@/components/ui/dialog";
import { showSuccess } from "@/components/ui/toaster";
import { ORG_ROLE_LABELS } from "./role-labels";

type InviteOutcome = { invited: InvitedEmail[] };

const MAX_EMAILS = 50;

/** The Invite Members button and its dialog: emails (comma-separated), a role, teams, Confirm. */
export function InviteMembersButton({ org }: { org: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Invite Members</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Invite Members" description="Each invitee gets an email with a link, and a notification in the console if they already have an account.">
        {open ? (
          <InviteMembersForm
            org={org}
            onClose={() => setOpen(false)}
            onSent={(emails) => {
              showSuccess(`Invitations sent to ${emails.join(", ")}.`);
              setOpen(false);
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function InviteMembersForm({ org, onClose, onSent }: { org: string; onClose: () => void; onSent: (emails: string[]) => void }) {
  const router = useRouter();
  const [state, setState] = useState<Result<InviteOutcome> | null>(null);
  const [pending, startTransition] = useTransition();
  const emailsId = useId();
  // Controlled, so a refused attempt keeps what was typed and a confirmed replacement resends exactly it.
  const [emails, setEmails] = useState("");
  const [role, setRole] = useState<OrgRole>(ORG_ROLES[3]);
  // Teams chosen here seat the invitees once they accept (GitHub's "choose teams" step).
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [teamNames, setTeamNames] = useState<Record<string, string>>({});
  const failure = state && !state.ok ? state : null;
  const emailErrors = failure?.fieldErrors?.emails;
  const roleErrors = failure?.fieldErrors?.role;
  const teamErrors = failure?.fieldErrors?.teamIds;
  const replacing = failure?.code === "conflict" ? replacementsOf(failure.details) : null;
  const send = (replacePending: boolean) => startTransition(async () => setState(await inviteMembersAction({ org, emails, role, replacePending, teamIds })));
  const teamless = role === "Team Contributor" && teamIds.length === 0;
  const rememberNames = useCallback((candidates: { id: string; primary: string }[]) => setTeamNames((names) => ({ ...names, ...Object.fromEntries(candidates.map((c) => [c.id, c.primary])) })), []);
  useEffect(() => {
    if (state?.ok) {
      onSent(state.data.invited.map((invitation) => invitation.email));
      router.refresh();
    }
  }, [state, onSent, router]);
  if (replacing) {
    // The server refused to change a pending invitation's role unasked; nothing was sent yet.
    return (
      <div className="space-y-4" role="group" aria-label="Replace pending invitations">
        <Alert tone="warning">
          <ul className="space-y-1">
            {replacing.map((invitation) => (
              <li key={invitation.email}>{invitation.question}</li>
            ))}
          </ul>
        </Alert>
        <p className="text-sm text-slate-600">Replacing sends a new link with the new role; the earlier link stops working. Nothing is sent until you confirm.</p>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setState(null)} disabled={pending}>
            Keep pending {replacing.length === 1 ? "invitation" : "invitations"}
          </Button>
          <Button onClick={() => send(true)} disabled={pending}>
            {pending ? "Sending…" : replacing.length === 1 ? "Replace invitation" : "Replace invitations"}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        send(false);
      }}
      className="space-y-4"
      noValidate
    >
      {failure ? <Alert tone="error">{failure.message}</Alert> : null}
      <div className="space-y-1">
        <label htmlFor={emailsId} className="block text-sm font-medium text-slate-700">
          Email addresses
        </label>
        <textarea
          id={emailsId}
          name="emails"
          value={emails}
          onChange={(event) => setEmails(event.target.value)}
          rows={3}
          required
          autoFocus
          aria-invalid={emailErrors?.length ? true : undefined}
          aria-describedby={`${emailsId}-hint${emailErrors?.length ? ` ${emailsId}-error` : ""}`}
          placeholder="alice@example.com, bob@example.com"
          className={`block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset focus:ring-2 focus:ring-brand-600 ${emailErrors?.length ? "ring-red-400" : "ring-slate-300"}`}
        />
        <p id={`${emailsId}-hint`} className="text-xs text-slate-500">
          Separate addresses with commas; up to {MAX_EMAILS} at once.
        </p>
        {emailErrors?.length ? (
          <ul id={`${emailsId}-error`} role="alert" className="list-disc space-y-0.5 pl-5 text-xs text-red-700">
            {emailErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Role</legend>
        {ORG_ROLES.map((option, index) => (
          <label key={option} className="flex cursor-pointer gap-3 rounded-md p-2 ring-1 ring-inset ring-slate-200 has-[:checked]:bg-brand-50 has-[:checked]:ring-brand-600">
            <input type="radio" name="role" value={option} checked={role === option} onChange={() => setRole(option)} className="mt-1" aria-describedby={`${emailsId}-role-${index}`} />
            <span>
              <span className="block text-sm font-medium">{ORG_ROLE_LABELS[option]}</span>
              <span id={`${emailsId}-role-${index}`} className="block text-xs text-slate-600">
                {ORG_ROLE_DESCRIPTIONS[option]}
              </span>
            </span>
          </label>
        ))}
        {roleErrors?.length ? (
          <p role="alert" className="text-xs text-red-700">
            {roleErrors.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <div className="space-y-2">
        <CandidatePicker
          searchLabel="Teams: search by team ID or name"
          queryKey={(q) => invitationKeys.teamCandidates(org, q)}
          load={async (q) => {
            const result = await searchTeamsToInviteAction({ org, q });
            if (!result.ok) throw new Error(result.message);
            return result.data.map((team) => ({ id: team.teamRef, primary: team.name, secondary: team.teamId }));
          }}
          selected={teamIds}
          onToggle={(id, checked) => setTeamIds((current) => (checked ? [...current.filter((x) => x !== id), id] : current.filter((x) => x !== id)))}
          onCandidates={rememberNames}
          empty="No team matches. Teams are created under Settings › Teams."
        />
        <p className="text-xs text-slate-600" aria-live="polite">
          {teamIds.length === 0 ? "No team chosen." : `Joins ${teamIds.map((id) => teamNames[id] ?? id).join(", ")} on accepting.`}
        </p>
        {teamErrors?.length ? (
          <p role="alert" className="text-xs text-red-700">
            {teamErrors.join(" ")}
          </p>
        ) : null}
        {teamless ? (
          <Alert tone="warning">
            A Team Contributor reaches only the apps of their teams: invited without a team, they arrive with access to nothing. Choose at least one team, or add them to
            teams after they accept.
          </Alert>
        ) : null}
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Sending…" : "Confirm"}
        </Button>
      </div>
    </form>
  );
}

/** The pending invitations a refused invite would replace, as the server named them (null: another conflict). */
function replacementsOf(details: unknown): PendingReplacement[] | null {
  const list = (details as Partial<ReplacePendingDetails> | undefined)?.pendingInvitations;
  return Array.isArray(list) && list.length > 0 ? list : null;
}
