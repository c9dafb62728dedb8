"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { claimTokenOfferAction } from "@/lib/actions/collaborators";
import { credentialKeys } from "@/lib/queries/keys";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SecretReveal } from "./secret-reveal";

/** The personal access token offered to a new collaborator, generated and shown once on request. */
export function TokenOffer({ appName }: { appName: string }) {
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, startTransition] = useTransition();
  if (done) return null;
  return (
    <section aria-labelledby="offer-heading" className="space-y-3 rounded-lg bg-brand-50 p-4 ring-1 ring-brand-100">
      <h2 id="offer-heading" className="font-semibold">
        A personal access token is ready for you
      </h2>
      {secret ? (
        <SecretReveal
          secret={secret}
          onDone={() => {
            setDone(true);
            void queryClient.invalidateQueries({ queryKey: credentialKeys.all });
          }}
        />
      ) : (
        <>
          <p className="text-sm text-slate-700">You were added as a collaborator on {appName}. Generate your token to call the API right away; it is shown only once.</p>
          {error ? <Alert tone="error">{error}</Alert> : null}
          <Button
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const result = await claimTokenOfferAction({});
                if (result.ok) setSecret(result.data.secret);
                else setError(result.message);
              })
            }
          >
            Generate my token
          </Button>
        </>
      )}
    </section>
  );
}
