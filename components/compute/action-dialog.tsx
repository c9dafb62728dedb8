"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Failure, Result } from "@/lib/result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { showSuccess } from "@/components/ui/toaster";
import { useFormAction } from "@/components/ui/use-form-action";

// The compute dialogs share one shape: a button opens a dialog holding a form; the form posts to a
// server action and, on success, closes and refreshes the page (or moves to another one). Errors
// stay in the dialog next to their fields, and nothing changes.

export function DialogButton({
  label,
  buttonLabel,
  variant = "primary",
  title,
  description,
  children,
}: {
  label: string;
  /** Accessible name when the visible label is not enough (e.g. "Edit nodepool gpu-prod"). */
  buttonLabel?: string;
  variant?: "primary" | "secondary" | "ghost";
  title: string;
  description?: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)} aria-label={buttonLabel}>
        {label}
      </Button>
      <Dialog open={open} onClose={close} title={title} description={description}>
        {open ? children(close) : null}
      </Dialog>
    </>
  );
}

export type Errors = (field: string) => string[] | undefined;

export function ActionForm<T>({
  action,
  hidden,
  submitLabel,
  onClose,
  onDone,
  reshape,
  successMessage,
  children,
}: {
  action: (input: unknown) => Promise<Result<T>>;
  /** Fields the form sends without showing them (the organization, the record's IDs). */
  hidden: Record<string, string>;
  submitLabel: string;
  onClose: () => void;
  /** Instead of refreshing the page, e.g. to go to what was just created. */
  onDone?: (data: T) => void;
  /** Turns the form's flat fields into the action's input. */
  reshape?: (fields: Record<string, string | string[]>) => unknown;
  /** Said in a toast once the change is made. */
  successMessage?: (data: T) => string;
  children: (errors: Errors) => ReactNode;
}) {
  const router = useRouter();
  const run = useMemo(() => (reshape ? (input: unknown) => action(reshape(input as Record<string, string | string[]>)) : action), [action, reshape]);
  const [state, submit, pending] = useFormAction(run);
  useEffect(() => {
    if (!state?.ok) return;
    onClose();
    if (successMessage) showSuccess(successMessage(state.data));
    if (onDone) onDone(state.data);
    else router.refresh();
  }, [state, onClose, onDone, router, successMessage]);
  const failure = state && !state.ok ? (state as Failure) : null;
  // Field errors of fields the form does not show are told in the alert, so none goes unseen.
  const shown = new Set<string>();
  const fields = children((field) => {
    shown.add(field);
    return failure?.fieldErrors?.[field];
  });
  const unshown = Object.entries(failure?.fieldErrors ?? {})
    .filter(([field]) => !shown.has(field))
    .flatMap(([, messages]) => messages);
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {failure && (!failure.fieldErrors || unshown.length > 0) ? <Alert tone="error">{unshown.length > 0 ? unshown.join(" ") : failure.message}</Alert> : null}
      {fields}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
      </div>
    </form>
  );
}
