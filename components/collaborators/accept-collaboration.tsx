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
  useEffect(() => {
    if (state?.ok) router.push(appPath);
  }, [state, router, appPath]);
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
