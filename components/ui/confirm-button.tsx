"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import type { Result } from "@/lib/result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { showSuccess } from "@/components/ui/toaster";

/**
 * A button that asks before doing something destructive. With `typeToConfirm`, the confirm button
 * stays disabled until that text is typed. Failures are shown in the dialog; nothing changes then.
 */
export function ConfirmButton({
  label,
  title,
  body,
  confirmLabel,
  run,
  onDone,
  typeToConfirm,
  variant = "danger",
  buttonLabel,
  successMessage,
}: {
  label: string;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  run: (typed: string) => Promise<Result<unknown>>;
  onDone?: () => void;
  typeToConfirm?: string;
  variant?: "danger" | "secondary" | "ghost";
  /** Accessible name when the visible label is not enough (e.g. "Remove ada from the team"). */
  buttonLabel?: string;
  /** Confirmation shown as a toast once it is done. */
  successMessage?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const close = () => {
    setOpen(false);
    setTyped("");
    setError(null);
  };
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)} aria-label={buttonLabel}>
        {label}
      </Button>
      <Dialog open={open} onClose={close} title={title}>
        <div className="space-y-4">
          <div className="text-sm text-slate-700">{body}</div>
          {typeToConfirm ? (
            <div className="space-y-1">
              <label htmlFor="confirm-text" className="block text-sm font-medium text-slate-700">
                Type {typeToConfirm} to confirm
              </label>
              <input
                id="confirm-text"
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
                autoComplete="off"
                className="block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300"
              />
            </div>
          ) : null}
          {error ? <Alert tone="error">{error}</Alert> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button
              variant="danger"
              disabled={pending || (typeToConfirm !== undefined && typed !== typeToConfirm)}
              onClick={() =>
                startTransition(async () => {
                  const result = await run(typed);
                  if (!result.ok) {
                    setError(result.message);
                    return;
                  }
                  close();
                  if (successMessage) showSuccess(successMessage);
                  if (onDone) onDone();
                  else router.refresh();
                })
              }
            >
              {pending ? "Working…" : confirmLabel}
            </Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
