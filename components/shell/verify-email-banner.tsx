"use client";

import { useState, useTransition } from "react";
import { resendVerificationAction } from "@/lib/actions/accounts";

export function VerifyEmailBanner({ email }: { email: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div role="status" className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
      Verify <strong>{email}</strong> to accept invitations. Check your inbox for the link.{" "}
      <button
        type="button"
        disabled={pending}
        className="font-medium underline"
        onClick={() =>
          startTransition(async () => {
            const result = await resendVerificationAction({});
            setMessage(result.ok ? `A new link was sent to ${result.data.email}.` : result.message);
          })
        }
      >
        Send a new link
      </button>
      {message ? <span className="ml-2">{message}</span> : null}
    </div>
  );
}
