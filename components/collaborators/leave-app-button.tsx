"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { removeCollaboratorAction } from "@/lib/actions/collaborators";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** A collaborator leaves the app; their tokens stop working on it from the next request. */
export function LeaveAppButton({ app, userHandle, name }: { app: { ownerHandle: string; appId: string }; userHandle: string; name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Leave this app
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Leave ${name}?`} description="You lose access at once, in the console and through your tokens. The owner can add you again.">
        {error ? <Alert tone="error">{error}</Alert> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const result = await removeCollaboratorAction({ ...app, user: userHandle });
                if (!result.ok) {
                  setError(result.message);
                  return;
                }
                router.push("/");
                router.refresh();
              })
            }
          >
            Leave app
          </Button>
        </div>
      </Dialog>
    </>
  );
}
