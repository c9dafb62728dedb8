"use client";

import { useActionState } from "react";
import type { Failure, Result } from "@/lib/result";
import { formDataToObject } from "@/lib/validation/form";

export type FormState<T> = Result<T> | null;

/** Binds a `Result`-returning server action to a <form>: the form data becomes a plain object. */
export function useFormAction<T>(action: (input: unknown) => Promise<Result<T>>) {
  return useActionState<FormState<T>, FormData>(async (_previous, formData) => action(formDataToObject(formData)), null);
}

export function fieldErrors(state: FormState<unknown>, field: string): string[] | undefined {
  return state && !state.ok ? (state as Failure).fieldErrors?.[field] : undefined;
}
