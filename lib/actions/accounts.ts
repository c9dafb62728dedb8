"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth";
import { fail, ok, type Result } from "@/lib/result";
import { resendVerification, signUp, verifyEmail } from "@/lib/operations/accounts";
import { SIGN_IN_REFUSED, SIGN_IN_THROTTLED, signInInput } from "@/lib/services/accounts";
import { invalidInput } from "@/lib/validation/form";
import { action, publicAction } from "./define";

export const signUpAction = publicAction(signUp);
export const verifyEmailAction = publicAction(verifyEmail);
export const resendVerificationAction = action(resendVerification);

const callbackSchema = z
  .string()
  .max(500)
  .refine((value) => value.startsWith("/") && !value.startsWith("//"), "Only paths on this site.")
  .catch("/");

/** Signs in with email and password; on success the session cookie is set and we redirect. */
export async function signInAction(input: unknown): Promise<Result<never>> {
  const parsed = signInInput.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error, "Enter your email and password.");
  const redirectTo = callbackSchema.parse((input as { callbackUrl?: unknown } | null)?.callbackUrl ?? "/");
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      return code === "rate_limited" ? fail("rate_limited", SIGN_IN_THROTTLED) : fail("unauthenticated", SIGN_IN_REFUSED);
    }
    throw error; // the redirect after a successful sign-in
  }
  return ok(undefined as never);
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
