"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { KeyUsage, type CredentialKind } from "./key-usage";

/** Asked by a dialog showing a secret before it closes other than through Done. */
export const SECRET_CLOSE_QUESTION = "The secret will not be shown again. Close anyway?";

/** Shows a new secret once, with copy-to-clipboard; it cannot be displayed again later. */
export function SecretReveal({ secret, kind, onDone }: { secret: string; kind: CredentialKind; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-4">
      <Alert tone="warning">Copy this token now. For your security it will not be shown again.</Alert>
      <div className="flex items-center gap-2">
        <code aria-label="New token" className="block flex-1 overflow-x-auto rounded-md bg-slate-100 px-3 py-2 font-mono text-xs">
          {secret}
        </code>
        <Button
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(secret);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <KeyUsage secret={secret} kind={kind} />
      <div className="flex justify-end">
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
