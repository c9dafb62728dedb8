"use client";

import { useState, useTransition, type FormEvent } from "react";
import type { Failure, Result } from "@/lib/result";
import { formDataToObject } from "@/lib/validation/form";

export type FormState<T> = Result<T> | null;

/**
 * Binds a `Result`-returning server action to a <form onSubmit>: the form data becomes a plain
 * object. Submitting through onSubmit (not the `action` prop) keeps what the person typed when the
 * server answers with errors, instead of React resetting the form.
 */
export function useFormAction<T>(action: (input: unknown) => Promise<Result<T>>) {
  const [state, setState] = useState<FormState<T>>(null);
  const [pending, startTransition] = useTransition();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const input = formDataToObject(new FormData(event.currentTarget, submitter));
    startTransition(async () => setState(await action(input)));
  };
  return [state, submit, pending] as const;
}

export function fieldErrors(state: FormState<unknown>, field: string): string[] | undefined {
  return state && !state.ok ? (state as Failure).fieldErrors?.[field] : undefined;
}
