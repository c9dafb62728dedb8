"use client";

import Link from "next/link";
import { signUpAction } from "@/lib/actions/accounts";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";

/** `callbackUrl` (a path on this site) is where signing in continues, e.g. an invitation link. */
export function SignUpForm({ callbackUrl = "/", email }: { callbackUrl?: string; email?: string }) {
  const signInHref = callbackUrl === "/" ? "/sign-in" : `/sign-in?${new URLSearchParams({ callbackUrl }).toString()}`;
  const [state, submit, pending] = useFormAction(signUpAction);
  if (state?.ok) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">Check your email</h1>
        <Alert tone="success">
          We sent a verification link to <strong>{state.data.email}</strong>. Open it to verify your address, then sign in
          {callbackUrl !== "/" ? "; it brings you back to where you were headed" : ""}.
        </Alert>
        <Link href={signInHref} className="text-sm font-medium text-brand-600 hover:underline">
          Go to sign in
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <h1 className="text-xl font-semibold">Create your account</h1>
      {state && !state.ok && !state.fieldErrors ? <Alert tone="error">{state.message}</Alert> : null}
      {/* Kept in the verification link, so opening it later still leads back here (the server re-checks it). */}
      {callbackUrl !== "/" ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <Field label="User ID" name="handle" autoComplete="username" required hint="Appears in your URLs. Letters, digits, '-' and '_'." errors={fieldErrors(state, "handle")} />
      <Field label="Full name" name="name" autoComplete="name" required errors={fieldErrors(state, "name")} />
      <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={email} errors={fieldErrors(state, "email")} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 10 characters, mixing letters with digits or symbols." errors={fieldErrors(state, "password")} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Sign up"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href={signInHref} className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
