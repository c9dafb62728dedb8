"use client";

import type { AppTenantInput } from "@/lib/operations/operation";
import Link from "next/link";
import { useId, useState, useTransition } from "react";
import { ENDPOINTS, ENDPOINT_DESCRIPTIONS, PLAIN_ACTIONS } from "@/lib/authz";
import { explainAccessAction } from "@/lib/actions/collaborators";
import type { Result } from "@/lib/result";
import type { EndpointCheck, ExplainedAccess, GrantLink } from "@/lib/services/explain";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { formDataToObject } from "@/lib/validation/form";

const LAYER_NAMES: Record<string, string> = {
  no_app_access: "app access",
  credential_not_for_app: "credential's app binding",
  endpoint_not_in_credential: "credential's endpoint scopes",
  endpoint_not_in_grant: "collaborator grant's endpoint scopes",
  grant_lacks_scopes: "grants (owner, role, teams, collaboration)",
  credential_lacks_scopes: "credential's operation scopes",
  credential_expired: "credential expiry",
  credential_revoked: "credential revocation",
  unknown_endpoint: "endpoint table",
};

/**
 * "Why can't X do Y?" — a person and what they would do: a plain action ("add inputs", "predict",
 * "manage collaborators") or an endpoint by Clarifai's method name, typed with suggestions. The
 * answer shows each layer with the page that changes it, and for each endpoint the action calls the
 * decision in the browser and through each credential, with the grant to change when it is denied.
 */
export function AccessExplainer({
  app,
  viewerEmail,
  anyone,
  initialEmail,
  initialWhat = "predict",
  initialResult = null,
}: {
  app: AppTenantInput;
  viewerEmail: string;
  anyone: boolean;
  initialEmail?: string;
  initialWhat?: string;
  initialResult?: Result<ExplainedAccess> | null;
}) {
  const [result, setResult] = useState<Result<ExplainedAccess> | null>(initialResult);
  const [pending, startTransition] = useTransition();
  const listId = useId();
  const whatId = useId();
  const hintId = useId();
  const failure = result && !result.ok ? result : null;
  const whatErrors = [...(failure?.fieldErrors?.what ?? []), ...(failure?.fieldErrors?.endpoint ?? [])];
  return (
    <section aria-labelledby="explainer-heading" className="space-y-4 rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <div>
        <h2 id="explainer-heading" className="text-lg font-semibold">
          Effective access explainer
        </h2>
        <p className="text-sm text-slate-600">
          {anyone ? "Pick a person and what they would do" : "Pick what you would do"} to see what each layer gives and which one would deny it, in the browser and through each credential.
        </p>
      </div>
      <form
        className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const input = { ...formDataToObject(new FormData(event.currentTarget)), ...app };
          startTransition(async () => setResult(await explainAccessAction(input)));
        }}
      >
        <Field label="Person's email" name="email" type="email" required defaultValue={anyone ? (initialEmail ?? viewerEmail) : viewerEmail} readOnly={!anyone} errors={failure?.fieldErrors?.email} />
        <div className="space-y-1">
          <label htmlFor={whatId} className="block text-sm font-medium text-slate-700">
            Action or endpoint
          </label>
          <input
            id={whatId}
            name="what"
            list={listId}
            required
            autoComplete="off"
            defaultValue={initialWhat}
            aria-describedby={hintId}
            aria-invalid={whatErrors.length > 0 || undefined}
            className="block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300"
          />
          <datalist id={listId}>
            {PLAIN_ACTIONS.map((action) => (
              <option key={action.label} value={action.label} />
            ))}
            {ENDPOINTS.map((endpoint) => (
              <option key={endpoint.name} value={endpoint.method}>
                {ENDPOINT_DESCRIPTIONS[endpoint.method]}
              </option>
            ))}
          </datalist>
          <p id={hintId} className="text-xs text-slate-500">
            Type a plain action such as “add inputs”, “predict” or “manage collaborators”, or an endpoint such as PostInputs.
          </p>
          {whatErrors.length ? (
            <p role="alert" className="text-xs text-red-700">
              {whatErrors.join(" ")}
            </p>
          ) : null}
        </div>
        <Button type="submit" disabled={pending} className="sm:mt-6">
          {pending ? "Explaining…" : "Explain"}
        </Button>
        <label className="flex items-center gap-2 text-sm sm:col-span-3">
          <input type="checkbox" name="visualQuery" /> The request searches by image, crop or visual similarity
        </label>
      </form>
      {failure && !failure.fieldErrors ? <Alert tone="error">{failure.message}</Alert> : null}
      {result?.ok ? <Explanation data={result.data} /> : null}
    </section>
  );
}

function ChangeLink({ link }: { link: GrantLink | null }) {
  if (!link) return null;
  return (
    <Link href={link.href} className="font-medium text-brand-700 underline-offset-2 hover:underline">
      {link.label}
    </Link>
  );
}

function Explanation({ data }: { data: ExplainedAccess }) {
  return (
    <div className="space-y-4" aria-live="polite">
      <div>
        <h3 className="text-sm font-semibold break-words">
          {data.user.name} ({data.user.email}) on this app
        </h3>
        {data.invited ? (
          <p className="text-sm text-slate-600">Invited to collaborate; nothing is granted until the invitation is accepted.</p>
        ) : data.layers.length === 0 ? (
          <p className="text-sm text-slate-600">
            No layer gives this person access to the app. <ChangeLink link={data.grantAccess} />
          </p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm">
            {data.layers.map((layer, index) => (
              <li key={index} className="break-words">
                <span className="font-medium">{layer.source}:</span> {layer.scopes.length ? layer.scopes.join(", ") : "no operation scopes"}
                {layer.layer === "collaborator" && layer.endpoints !== "all" ? (
                  <span className="text-slate-600"> — only on {layer.endpoints.length ? layer.endpoints.map((name) => name.replace("/clarifai.api.V2/", "")).join(", ") : "no endpoint"}</span>
                ) : null}
                {layer.change ? (
                  <span className="block text-xs">
                    <ChangeLink link={layer.change} />
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {data.action ? <p className="mt-2 text-sm text-slate-600">“{data.action}” calls {data.checks.map((check) => check.endpoint.method).join(", ")}.</p> : null}
      </div>
      {data.checks.map((check) => (
        <CheckTable key={check.endpoint.name} check={check} />
      ))}
      {data.credentialsHidden ? <p className="text-xs text-slate-500">{data.credentialsHidden}</p> : null}
    </div>
  );
}

function CheckTable({ check }: { check: EndpointCheck }) {
  const label = `Decisions for ${check.endpoint.method}`;
  return (
    <div className="space-y-1">
      <p className="text-sm text-slate-700">
        <span className="font-mono font-medium">{check.endpoint.method}</span> — {check.endpoint.description}. It needs {check.endpoint.needs.length ? check.endpoint.needs.join(" + ") : "no operation scope"}.
      </p>
      <div role="region" aria-label={label} tabIndex={0} className="relative overflow-x-auto">
        <table aria-label={label} className="w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1 pr-4 font-medium">Credential</th>
              <th className="py-1 pr-4 font-medium">Decision</th>
              <th className="py-1 pr-4 font-medium">What to change</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {check.decisions.map(({ credential, decision, change }, index) => (
              <tr key={index}>
                <td className="py-2 pr-4">
                  {credential.name}
                  {credential.hint ? <span className="ml-1 font-mono text-xs text-slate-500">{credential.hint}</span> : null}
                </td>
                <td className="py-2 pr-4">
                  {decision.allowed ? (
                    <span className="text-emerald-700">Allowed (granted by {decision.grantedBy.join(", ") || "access"})</span>
                  ) : (
                    <span className="text-red-700">
                      Denied by the {LAYER_NAMES[decision.deniedBy] ?? decision.deniedBy}
                      {decision.missing.length ? ` — missing ${decision.missing.join(", ")}` : ""}. <span className="text-slate-600">{decision.message}</span>
                    </span>
                  )}
                </td>
                <td className="py-2 pr-4">{decision.allowed ? "—" : change ? <ChangeLink link={change} /> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
