"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth";
import { dispatchOutbox } from "@/lib/mail/dispatcher";
import { fail, ok, type Result } from "@/lib/result";
import { SIGN_IN_REFUSED, SIGN_IN_THROTTLED, resendVerification, signInInput, signUp, verifyEmail } from "@/lib/services/accounts";
import { invalidInput } from "@/lib/validation/form";
import { authedAction, publicAction } from "./define";

export const signUpAction = publicAction(async (input, { db, ip }) => {
  const result = await signUp(db, input, { ip });
  if (result.ok) dispatchOutbox();
  return result;
});

export const verifyEmailAction = publicAction(async (input, { db }) => {
  const parsed = z.object({ token: z.string().min(1).max(200) }).safeParse(input);
  if (!parsed.success) return fail("invalid_input", "This verification link is not valid.");
  return verifyEmail(db, parsed.data.token);
});

export const resendVerificationAction = authedAction(async (_input, { db, user }) => {
  const result = await resendVerification(db, user.id);
  if (result.ok) dispatchOutbox();
  return result;
});

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
