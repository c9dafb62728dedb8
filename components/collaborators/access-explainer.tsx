"use client";

import type { AppTenantInput } from "@/lib/operations/operation";
import { useState, useTransition } from "react";
import { ENDPOINTS } from "@/lib/authz";
import { explainAccessAction } from "@/lib/actions/collaborators";
import type { Result } from "@/lib/result";
import type { ExplainedAccess } from "@/lib/services/explain";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { formDataToObject } from "@/lib/validation/form";

const GROUPS = [...new Set(ENDPOINTS.map((endpoint) => endpoint.group))];

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

/** "Why can't X do Y?" — pick a person and an endpoint; see each layer and the decision per credential. */
export function AccessExplainer({ app, viewerEmail, anyone }: { app: AppTenantInput; viewerEmail: string; anyone: boolean }) {
  const [result, setResult] = useState<Result<ExplainedAccess> | null>(null);
  const [pending, startTransition] = useTransition();
  const failure = result && !result.ok ? result : null;
  return (
    <section aria-labelledby="explainer-heading" className="space-y-4 rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <div>
        <h2 id="explainer-heading" className="text-lg font-semibold">
          Effective access explainer
        </h2>
        <p className="text-sm text-slate-600">
          {anyone ? "Pick a person and an endpoint" : "Pick an endpoint"} to see what each layer gives and which one would deny the call, in the browser and through each credential.
        </p>
      </div>
      <form
        className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const input = { ...formDataToObject(new FormData(event.currentTarget)), ...app };
          startTransition(async () => setResult(await explainAccessAction(input)));
        }}
      >
        <Field label="Person's email" name="email" type="email" required defaultValue={viewerEmail} readOnly={!anyone} errors={failure?.fieldErrors?.email} />
        <div className="space-y-1">
          <label htmlFor="explain-endpoint" className="block text-sm font-medium text-slate-700">
            Endpoint
          </label>
          <select id="explain-endpoint" name="endpoint" className="block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300" defaultValue="/clarifai.api.V2/PostModelOutputs">
            {GROUPS.map((group) => (
              <optgroup key={group} label={group}>
                {ENDPOINTS.filter((endpoint) => endpoint.group === group).map((endpoint) => (
                  <option key={endpoint.name} value={endpoint.name}>
                    {endpoint.method}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <Button type="submit" disabled={pending}>
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

function Explanation({ data }: { data: ExplainedAccess }) {
  return (
    <div className="space-y-4" aria-live="polite">
      <div>
        <h3 className="text-sm font-semibold">
          {data.user.name} ({data.user.email}) on this app
        </h3>
        {data.invited ? (
          <p className="text-sm text-slate-600">Invited to collaborate; nothing is granted until the invitation is accepted.</p>
        ) : data.layers.length === 0 ? (
          <p className="text-sm text-slate-600">No layer gives this person access to the app.</p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm">
            {data.layers.map((layer, index) => (
              <li key={index}>
                <span className="font-medium">{layer.source}:</span> {layer.scopes.length ? layer.scopes.join(", ") : "no operation scopes"}
                {layer.layer === "collaborator" && layer.endpoints !== "all" ? (
                  <span className="text-slate-600"> — only on {layer.endpoints.length ? layer.endpoints.map((name) => name.replace("/clarifai.api.V2/", "")).join(", ") : "no endpoint"}</span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <p className="mt-2 text-sm text-slate-600">
          {data.endpoint.name} needs {data.endpoint.needs.length ? data.endpoint.needs.join(" + ") : "no operation scope"}.
        </p>
      </div>
      <div role="region" aria-label="Decisions by credential" tabIndex={0} className="relative overflow-x-auto">
        <table aria-label="Decisions by credential" className="w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1 pr-4 font-medium">Credential</th>
              <th className="py-1 pr-4 font-medium">Decision</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.decisions.map(({ credential, decision }, index) => (
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
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.credentialsHidden ? <p className="text-xs text-slate-500">{data.credentialsHidden}</p> : null}
    </div>
  );
}
