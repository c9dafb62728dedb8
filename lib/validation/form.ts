import type { z } from "zod";
import { fail, type Failure, type FieldErrors } from "@/lib/result";

/** Turns a zod error into the action result's field errors, keyed by the top-level field. */
export function invalidInput(error: z.ZodError, message = "Please correct the highlighted fields."): Failure {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "_form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fail("invalid_input", message, fieldErrors);
}

/** Reads a FormData into a plain object of strings (repeated keys become arrays). */
export function formDataToObject(formData: FormData): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION")) continue;
    if (typeof value !== "string") continue;
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else result[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}
