"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { OperationScope } from "@/lib/authz";
import type { Result } from "@/lib/result";
import type { CreatedToken, TokenView } from "@/lib/services/credentials";
import { ScopePicker } from "@/components/scopes/scope-picker";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";
import { EndpointPicker } from "./endpoint-picker";
import { SecretReveal } from "./secret-reveal";

async function unwrap<T>(promise: Promise<Result<T>>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

const STATUS_LABELS: Record<TokenView["status"], string> = { active: "Active", unrevealed: "Ready to reveal", expired: "Expired", revoked: "Revoked" };

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function formatDate(value: string | null): string {
  return value ? new Date(value).toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric" }) : "—";
}

type Row = TokenView & { createdBy?: string };

/**
 * Lists, creates (secret shown once) and revokes credentials: personal access tokens on the
 * security page, app API keys in App Settings. `extra` is sent with every call (the app).
 */
export function CredentialManager({
  title,
  description,
  noun,
  emptyText,
  queryKey,
  initial,
  list,
  create,
  revoke: revokeAction,
  extra = {},
  available,
  note,
  mayCreate = true,
  mayRevoke = true,
  reveal,
}: {
  title: string;
  description: string;
  noun: string;
  emptyText: string;
  queryKey: readonly unknown[];
  initial: Row[];
  list: (input: unknown) => Promise<Result<Row[]>>;
  create: (input: unknown) => Promise<Result<CreatedToken>>;
  revoke: (input: unknown) => Promise<Result<{ id: string }>>;
  extra?: Record<string, string>;
  available?: readonly OperationScope[];
  note?: string;
  mayCreate?: boolean;
  mayRevoke?: boolean;
  /** Mints and returns the secret of a token listed as "unrevealed" (shown once). */
  reveal?: (input: unknown) => Promise<Result<CreatedToken>>;
}) {
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  const revealing = useMutation({
    mutationFn: (id: string) => unwrap(reveal ? reveal({ ...extra, id }) : Promise.reject(new Error("Nothing to reveal."))),
    onSuccess: (created) => setRevealed(created.secret),
  });
  const [revoking, setRevoking] = useState<Row | null>(null);
  const { data: tokens = initial } = useQuery({ queryKey, queryFn: () => unwrap(list(extra)), initialData: initial });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(revokeAction({ ...extra, id })),
    onSuccess: () => {
      setRevoking(null);
      return queryClient.invalidateQueries({ queryKey });
    },
  });
  const headingId = `${noun.replace(/\W+/g, "-")}-heading`;
  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <div className="flex items-center justify-between">
        <div>
          <h2 id={headingId} className="text-lg font-semibold">
            {title}
          </h2>
          <p className="text-sm text-slate-600">{description}</p>
        </div>
        {mayCreate ? <Button onClick={() => setCreating(true)}>Create {noun}</Button> : null}
      </div>
      {tokens.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">{emptyText}</div>
      ) : (
        <table className="w-full overflow-hidden rounded-lg bg-white text-left text-sm ring-1 ring-slate-200">
          <thead className="bg-slate-50 text-xs uppercase text-slate-500">
            <tr>
              <th className="px-4 py-2">Name</th>
              <th className="px-4 py-2">Token</th>
              <th className="px-4 py-2">Scopes</th>
              <th className="px-4 py-2">Last used</th>
              <th className="px-4 py-2">Expires</th>
              <th className="px-4 py-2">Status</th>
              {tokens.some((token) => token.createdBy) ? <th className="px-4 py-2">Created by</th> : null}
              <th className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tokens.map((token) => (
              <tr key={token.id}>
                <td className="px-4 py-2 font-medium">{token.name}</td>
                <td className="px-4 py-2 font-mono text-xs">{token.hint ?? <span className="font-sans text-slate-500">Not revealed yet</span>}</td>
                <td className="px-4 py-2 text-xs text-slate-600">
                  {plural(token.scopes.length, "scope")} · {token.endpointScopes === "all" ? "all endpoints" : plural(token.endpointScopes.length, "endpoint")}
                </td>
                <td className="px-4 py-2">{token.lastUsedAt ? formatDate(token.lastUsedAt) : "Never"}</td>
                <td className="px-4 py-2">{token.expiresAt ? formatDate(token.expiresAt) : "Never"}</td>
                <td className="px-4 py-2">{STATUS_LABELS[token.status]}</td>
                {token.createdBy ? <td className="px-4 py-2">@{token.createdBy}</td> : null}
                <td className="space-x-1 px-4 py-2 text-right">
                  {reveal && token.status === "unrevealed" ? (
                    <Button variant="secondary" aria-label={`Reveal ${token.name}`} disabled={revealing.isPending} onClick={() => revealing.mutate(token.id)}>
                      Reveal
                    </Button>
                  ) : null}
                  {mayRevoke && (token.status === "active" || token.status === "unrevealed") ? (
                    <Button variant="ghost" aria-label={`Revoke ${token.name}`} onClick={() => setRevoking(token)}>
                      Revoke
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Dialog open={creating} onClose={() => setCreating(false)} title={`Create ${noun}`}>
        {creating ? (
          <CreateTokenForm
            noun={noun}
            create={create}
            extra={extra}
            available={available}
            note={note}
            onDone={() => {
              setCreating(false);
              void queryClient.invalidateQueries({ queryKey });
            }}
          />
        ) : null}
      </Dialog>
      {revealing.isError ? <Alert tone="error">{revealing.error.message}</Alert> : null}
      <Dialog open={revealed !== null} onClose={() => setRevealed(null)} title={`Your ${noun}`}>
        {revealed ? (
          <SecretReveal
            secret={revealed}
            onDone={() => {
              setRevealed(null);
              void queryClient.invalidateQueries({ queryKey });
            }}
          />
        ) : null}
      </Dialog>
      <Dialog open={revoking !== null} onClose={() => setRevoking(null)} title={`Revoke ${noun}?`} description="Programs using it stop working immediately. This cannot be undone.">
        {revoke.isError ? <Alert tone="error">{revoke.error.message}</Alert> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setRevoking(null)}>
            Cancel
          </Button>
          <Button variant="danger" disabled={revoke.isPending} onClick={() => revoking && revoke.mutate(revoking.id)}>
            Revoke {noun}
          </Button>
        </div>
      </Dialog>
    </section>
  );
}

function CreateTokenForm({
  noun,
  create,
  extra,
  available,
  note,
  onDone,
}: {
  noun: string;
  create: (input: unknown) => Promise<Result<CreatedToken>>;
  extra: Record<string, string>;
  available?: readonly OperationScope[];
  note?: string;
  onDone: () => void;
}) {
  const [state, submit, pending] = useFormAction((input: unknown) => create({ ...(input as object), ...extra }));
  if (state?.ok) return <SecretReveal secret={state.data.secret} onDone={onDone} />;
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
      {note ? <Alert tone="warning">{note}</Alert> : null}
      <Field label="Name" name="name" required autoFocus errors={fieldErrors(state, "name")} />
      <ScopePicker name="scopes" legend="Operation scopes" available={available} />
      {fieldErrors(state, "scopes") ? <p role="alert" className="text-xs text-red-700">{fieldErrors(state, "scopes")?.join(" ")}</p> : null}
      <EndpointPicker />
      {fieldErrors(state, "endpointScopes") ? <p role="alert" className="text-xs text-red-700">{fieldErrors(state, "endpointScopes")?.join(" ")}</p> : null}
      <Field label="Expires on (optional)" name="expiresAt" type="date" errors={fieldErrors(state, "expiresAt")} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : `Create ${noun}`}
        </Button>
      </div>
    </form>
  );
}
