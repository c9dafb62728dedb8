"use server";

import { describeErrorSafely } from "@/db/errors";
import { headers } from "next/headers";
import { renewSession } from "@/lib/auth";
import { clientIp } from "@/lib/auth/client-ip";
import { cancelEmailChange, changePassword, requestEmailChange, resendEmailChange, signOutEverywhere, updateProfile, type CurrentPasswordWrong } from "@/lib/operations/account-settings";
import { completePasswordReset, requestPasswordReset } from "@/lib/operations/password-reset";
import { fail, ok, type Result } from "@/lib/result";
import { CURRENT_PASSWORD_WRONG, type SessionRenewal } from "@/lib/services/account-security";
import { action, publicAction } from "./define";

export const updateProfileAction = action(updateProfile);
export const resendEmailChangeAction = action(resendEmailChange);
export const cancelEmailChangeAction = action(cancelEmailChange);
export const completePasswordResetAction = publicAction(completePasswordReset);

const requestEmailChangeOperation = action(requestEmailChange);
const changePasswordOperation = action(changePassword);
const signOutEverywhereOperation = action(signOutEverywhere);
const requestPasswordResetOperation = publicAction(requestPasswordReset);

/** A wrong current password commits (the throttle keeps counting it) but is the form's error. */
function confirmed<T>(result: Result<T | CurrentPasswordWrong>): Result<T> {
  if (result.ok && typeof result.data === "object" && result.data !== null && "currentPasswordWrong" in result.data) {
    return fail("invalid_input", "Please correct the highlighted fields.", { currentPassword: [CURRENT_PASSWORD_WRONG] });
  }
  return result as Result<T>;
}

/** Keeps the acting session signed in at the account's new session version; the change stands either way. */
async function renewed(result: Result<{ renewal: SessionRenewal }>): Promise<Result<null>> {
  if (!result.ok) return result;
  try {
    await renewSession(result.data.renewal);
  } catch (error) {
    console.error(`[auth] re-issuing the session after ending the others failed; this session must sign in again: ${describeErrorSafely(error)}`);
  }
  return ok(null);
}

export async function requestEmailChangeAction(input: unknown): Promise<Result<{ pendingEmail: string }>> {
  return confirmed(await requestEmailChangeOperation(input));
}

export async function changePasswordAction(input: unknown): Promise<Result<null>> {
  return renewed(confirmed(await changePasswordOperation(input)));
}

export async function signOutEverywhereAction(input: unknown): Promise<Result<null>> {
  return renewed(await signOutEverywhereOperation(input));
}

/** The client's address comes from the request (for the per-client throttle), never from the form. */
export async function requestPasswordResetAction(input: unknown): Promise<Result<{ email: string }>> {
  const email = input && typeof input === "object" ? (input as { email?: unknown }).email : undefined;
  return requestPasswordResetOperation({ email, clientAddress: clientIp(await headers()) });
}
