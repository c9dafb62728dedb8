"use client";

import { useState, useTransition } from "react";
import { GRANT_KIND_ENDPOINT_LEVELS, GRANT_KIND_SCOPE_NOTES, type GrantKind, type OperationScope } from "@/lib/authz";
import type { Result } from "@/lib/result";
import type { CreatedToken, TokenView } from "@/lib/services/credentials";
import { ScopePicker } from "@/components/scopes/scope-picker";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { showSuccess } from "@/components/ui/toaster";
import { fieldErrors, useFormAction } from "@/components/ui/use-form-action";
import { AppPicker } from "./app-picker";
import { EndpointPicker } from "./endpoint-picker";
import type { CredentialKind } from "./key-usage";
import { SecretReveal, SECRET_CLOSE_QUESTION } from "./secret-reveal";

const STATUS_LABELS: Record<TokenView["status"], string> = { active: "Active", unrevealed: "Ready to reveal", expired: "Expired", revoked: "Revoked" };

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** A token's apps as its row shows them: all, or the chosen ones its owner still reaches. */
function appsText(apps: TokenView["apps"]): string {
  if (apps === "all") return "All apps";
  const named = apps.paths.join(", ");
  const hidden = apps.outOfReach > 0 ? `${plural(apps.outOfReach, "app")} out of your reach` : "";
  return [named, hidden].filter(Boolean).join(" + ");
}

type Row = TokenView & { createdBy?: string };

/**
 * Lists, creates (secret shown once) and revokes credentials: personal access tokens on the
 * security page, app API keys in App Settings. `extra` is sent with every call (the app).
 *
 * The list is the server page's: every change goes through an operation whose run revalidates the
 * page, so the rows arrive fresh with the action's answer — whichever way a dialog is closed after.
 */
export function CredentialManager({
  title,
  description,
  noun,
  kind,
  emptyText,
  tokens,
  create,
  revoke: revokeAction,
  extra = {},
  available,
  offered,
  note,
  mayCreate = true,
  whyNoCreate,
  mayRevoke = true,
  reveal,
}: {
  title: string;
  description: string;
  noun: string;
  /** Personal access tokens or app keys: the example calls shown with a new secret differ. */
  kind: CredentialKind;
  emptyText: string;
  tokens: Row[];
  create: (input: unknown) => Promise<Result<CreatedToken>>;
  revoke: (input: unknown) => Promise<Result<{ id: string }>>;
  extra?: Record<string, string>;
  available?: readonly OperationScope[];
  /** What this kind of key can carry (absent: every scope, as a personal access token). */
  offered?: readonly OperationScope[];
  note?: string;
  mayCreate?: boolean;
  /** Shown instead of the create button when it is absent, for a reason the person can act on. */
  whyNoCreate?: string;
  mayRevoke?: boolean;
  /** Mints and returns the secret of a token listed as "unrevealed" (shown once). */
  reveal?: (input: unknown) => Promise<Result<CreatedToken>>;
}) {
  const [creating, setCreating] = useState(false);
  const [createdSecret, setCreatedSecret] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [revealError, setRevealError] = useState<string | null>(null);
  const [revealing, startReveal] = useTransition();
  const [revoking, setRevoking] = useState<Row | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const [revokePending, startRevoke] = useTransition();
  const closeCreate = () => {
    setCreating(false);
    setCreatedSecret(false);
  };
  const closeRevoke = () => {
    setRevoking(null);
    setRevokeError(null);
  };
  const headingId = `${noun.replace(/\W+/g, "-")}-heading`;
  const showCreator = tokens.some((token) => token.createdBy);
  const columns: DataTableColumn[] = [
    { id: "name", header: "Name", sortable: true, className: "font-medium" },
    { id: "token", header: "Token", className: "font-mono text-xs" },
    { id: "scopes", header: "Scopes", className: "text-xs text-slate-600" },
    ...(kind === "pat" ? [{ id: "apps", header: "Apps", className: "text-xs text-slate-600" }] : []),
    { id: "lastUsed", header: "Last used", sortable: true },
    { id: "expires", header: "Expires", sortable: true },
    { id: "status", header: "Status", sortable: true },
    ...(showCreator ? [{ id: "createdBy", header: "Created by", sortable: true }] : []),
    { id: "actions", header: "Actions", hideHeader: true, align: "right" as const, className: "space-x-1 whitespace-nowrap" },
  ];
  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id={headingId} className="text-lg font-semibold">
            {title}
          </h2>
          <p className="text-sm text-slate-600">{description}</p>
        </div>
        {mayCreate ? <Button onClick={() => setCreating(true)}>Create {noun}</Button> : null}
      </div>
      {!mayCreate && whyNoCreate ? <Alert tone="info">{whyNoCreate}</Alert> : null}
      {revealError ? <Alert tone="error">{revealError}</Alert> : null}
      {tokens.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">{emptyText}</div>
      ) : (
        <DataTable
          label={title}
          columns={columns}
          defaultSort={{ column: "name" }}
          rows={tokens.map((token) => ({
            id: token.id,
            sortValues: { name: token.name, lastUsed: token.lastUsedAt, expires: token.expiresAt, status: STATUS_LABELS[token.status], createdBy: token.createdBy },
            cells: {
              name: token.name,
              token: token.hint ?? <span className="font-sans text-slate-500">Not revealed yet</span>,
              scopes: `${plural(token.scopes.length, "scope")} · ${token.endpointScopes === "all" ? "all endpoints" : plural(token.endpointScopes.length, "endpoint")}`,
              apps: appsText(token.apps),
              lastUsed: <Time value={token.lastUsedAt} />,
              expires: <Time value={token.expiresAt} />,
              status: STATUS_LABELS[token.status],
              createdBy: token.createdBy ? `@${token.createdBy}` : null,
              actions: (
                <>
                  {reveal && token.status === "unrevealed" ? (
                    <Button
                      variant="secondary"
                      aria-label={`Reveal ${token.name}`}
                      disabled={revealing}
                      onClick={() =>
                        startReveal(async () => {
                          setRevealError(null);
                          const result = await reveal({ ...extra, id: token.id });
                          if (result.ok) setRevealed(result.data.secret);
                          else setRevealError(result.message);
                        })
                      }
                    >
                      Reveal
                    </Button>
                  ) : null}
                  {mayRevoke && (token.status === "active" || token.status === "unrevealed") ? (
                    <Button variant="ghost" aria-label={`Revoke ${token.name}`} onClick={() => setRevoking(token)}>
                      Revoke
                    </Button>
                  ) : null}
                </>
              ),
            },
          }))}
        />
      )}
      <Dialog open={creating} onClose={closeCreate} title={`Create ${noun}`} confirmBeforeClose={createdSecret ? SECRET_CLOSE_QUESTION : undefined}>
        <CreateTokenForm noun={noun} kind={kind} create={create} extra={extra} available={available} offered={offered} note={note} onCreated={() => setCreatedSecret(true)} onDone={closeCreate} />
      </Dialog>
      <Dialog open={revealed !== null} onClose={() => setRevealed(null)} title={`Your ${noun}`} confirmBeforeClose={SECRET_CLOSE_QUESTION}>
        {revealed ? <SecretReveal secret={revealed} kind={kind} onDone={() => setRevealed(null)} /> : null}
      </Dialog>
      <Dialog open={revoking !== null} onClose={closeRevoke} title={`Revoke ${noun}?`} description="Programs using it stop working immediately. This cannot be undone.">
        {revokeError ? <Alert tone="error">{revokeError}</Alert> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={closeRevoke}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={revokePending}
            onClick={() =>
              revoking &&
              startRevoke(async () => {
                const result = await revokeAction({ ...extra, id: revoking.id });
                // Updates after an await leave the transition unless wrapped again. Inside it, the dialog
                // closes in the same commit as the refreshed list, so focus goes to the page heading
                // rather than to a Revoke button that is about to disappear.
                startRevoke(() => {
                  if (!result.ok) {
                    setRevokeError(result.message);
                    return;
                  }
                  closeRevoke();
                  showSuccess(`Revoked ${revoking.name}.`);
                });
              })
            }
          >
            {revokePending ? "Revoking…" : `Revoke ${noun}`}
          </Button>
        </div>
      </Dialog>
    </section>
  );
}

function CreateTokenForm({
  noun,
  kind,
  create,
  extra,
  available,
  offered,
  note,
  onCreated,
  onDone,
}: {
  noun: string;
  kind: CredentialKind;
  create: (input: unknown) => Promise<Result<CreatedToken>>;
  extra: Record<string, string>;
  available?: readonly OperationScope[];
  offered?: readonly OperationScope[];
  note?: string;
  onCreated: () => void;
  onDone: () => void;
}) {
  const [state, submit, pending] = useFormAction(async (input: unknown) => {
    const result = await create({ ...(input as object), ...extra });
    if (result.ok) onCreated();
    return result;
  });
  const [chosen, setChosen] = useState<readonly OperationScope[]>([]);
  if (state?.ok) return <SecretReveal secret={state.data.secret} kind={kind} onDone={onDone} />;
  const grantKind: GrantKind = kind === "pat" ? "personal_access_token" : "app_key";
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
      {note ? <Alert tone="warning">{note}</Alert> : null}
      <Field label="Name" name="name" required autoFocus errors={fieldErrors(state, "name")} />
      <ScopePicker name="scopes" legend="Operation scopes" available={available} offered={offered} note={GRANT_KIND_SCOPE_NOTES[grantKind]} onChange={setChosen} />
      {fieldErrors(state, "scopes") ? <p role="alert" className="text-xs text-red-700">{fieldErrors(state, "scopes")?.join(" ")}</p> : null}
      <EndpointPicker scopes={chosen} levels={GRANT_KIND_ENDPOINT_LEVELS[grantKind]} />
      {fieldErrors(state, "endpointScopes") ? <p role="alert" className="text-xs text-red-700">{fieldErrors(state, "endpointScopes")?.join(" ")}</p> : null}
      {kind === "pat" ? <AppPicker /> : null}
      {fieldErrors(state, "apps") ? <p role="alert" className="text-xs text-red-700">{fieldErrors(state, "apps")?.join(" ")}</p> : null}
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
