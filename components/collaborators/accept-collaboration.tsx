"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { acceptCollaboratorInvitationAction } from "@/lib/actions/collaborators";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useFormAction } from "@/components/ui/use-form-action";

export function AcceptCollaboration({ token, appPath }: { token: string; appPath: string }) {
  const router = useRouter();
  const [state, submit, pending] = useFormAction(acceptCollaboratorInvitationAction);
  // A void invitation is a kept outcome, not a failure: the sender could no longer grant it.
  const voided = state?.ok && typeof state.data === "object" && state.data !== null && "voided" in state.data ? String(state.data.voided) : null;
  useEffect(() => {
    if (state?.ok && !voided) router.push(appPath);
  }, [state, voided, router, appPath]);
  if (voided) return <Alert tone="error">This invitation is void and nothing was granted. {voided} Ask for a new invitation.</Alert>;
  return (
    <form onSubmit={submit} className="space-y-3">
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" disabled={pending || state?.ok === true}>
        {pending ? "Accepting…" : "Accept invitation"}
      </Button>
    </form>
  );
}
