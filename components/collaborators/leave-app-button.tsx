"use client";

import type { AppTenantInput } from "@/lib/operations/operation";
import { useRouter } from "next/navigation";
import { removeCollaboratorAction } from "@/lib/actions/collaborators";
import { ConfirmButton } from "@/components/ui/confirm-button";

/** A collaborator leaves the app; their tokens stop working on it from the next request. */
export function LeaveAppButton({ app, userHandle, name }: { app: AppTenantInput; userHandle: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Leave this app"
      variant="secondary"
      title={`Leave ${name}?`}
      body="You lose access at once, in the console and through your tokens. The owner can add you again."
      confirmLabel="Leave app"
      run={() => removeCollaboratorAction({ ...app, user: userHandle })}
      onDone={() => {
        router.push("/");
        router.refresh();
      }}
    />
  );
}
