"use client";

import { useId, useMemo, useState } from "react";
import {
  ENDPOINTS,
  ENDPOINT_DESCRIPTIONS,
  checkEndpointRestriction,
  endpointRestrictionWarning,
  endpointsAllowedBy,
  parseEndpoints,
  type Endpoint,
  type EndpointLevel,
} from "@/lib/authz";

const ALL_LEVELS: readonly EndpointLevel[] = ["app", "account", "org"];

/**
 * Endpoint scopes of a grant: all endpoints, or a chosen list grouped by resource, with a search.
 * Submitted as `endpointScopes` = "all" or repeated endpoint names.
 *
 * What is offered is lib/authz's answer: with `scopes` (the operation scopes chosen next to it),
 * only the endpoints those scopes allow (endpointsAllowedBy), at the `levels` this kind of grant
 * reaches. A chosen endpoint the scopes no longer allow stays listed, marked with what it needs, so
 * nothing is dropped unseen (the server refuses it); a chosen scope no chosen endpoint uses is
 * warned about. Each endpoint shows Clarifai's method name and a plain description. The list does
 * not scroll on its own: the dialog around it is the one scroll area.
 */
export function EndpointPicker({
  name = "endpointScopes",
  initial = null,
  scopes,
  levels = ALL_LEVELS,
}: {
  name?: string;
  initial?: readonly string[] | null;
  scopes?: readonly string[];
  levels?: readonly EndpointLevel[];
}) {
  const [mode, setMode] = useState<"all" | "some">(initial ? "some" : "all");
  const [chosen, setChosen] = useState<Set<string>>(() => new Set<string>(parseEndpoints(initial ?? []).endpoints));
  const [filter, setFilter] = useState("");
  const searchId = useId();
  const term = filter.trim().toLowerCase();
  // Allowed at any level (what the server accepts); offered at this grant's levels, plus any already chosen.
  const allowedAnywhere = useMemo(() => (scopes ? endpointsAllowedBy(scopes) : ENDPOINTS), [scopes]);
  const allowedNames = useMemo(() => new Set(allowedAnywhere.map((endpoint) => endpoint.name)), [allowedAnywhere]);
  const allowed = allowedAnywhere.filter((endpoint) => levels.includes(endpoint.level) || chosen.has(endpoint.name));
  const outside = ENDPOINTS.filter((endpoint) => chosen.has(endpoint.name) && !allowedNames.has(endpoint.name));
  const warning = scopes && mode === "some" && chosen.size > 0 ? endpointRestrictionWarning(checkEndpointRestriction(scopes, [...chosen])) : null;
  const matches = (endpoint: Endpoint) =>
    !term || endpoint.method.toLowerCase().includes(term) || endpoint.group.toLowerCase().includes(term) || ENDPOINT_DESCRIPTIONS[endpoint.method].toLowerCase().includes(term);
  const groups = [...new Set(allowed.map((endpoint) => endpoint.group))]
    .map((group) => ({ group, endpoints: allowed.filter((endpoint) => endpoint.group === group && matches(endpoint)) }))
    .filter((entry) => entry.endpoints.length > 0);
  const toggle = (endpoint: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(endpoint);
      else next.delete(endpoint);
      return next;
    });
  const item = (endpoint: Endpoint, problem?: string) => (
    <EndpointOption key={endpoint.name} endpoint={endpoint} checked={chosen.has(endpoint.name)} onToggle={toggle} problem={problem} />
  );
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">Endpoint scopes</legend>
      {mode === "all" ? <input type="hidden" name={name} value="all" /> : [...chosen].map((endpoint) => <input key={endpoint} type="hidden" name={name} value={endpoint} />)}
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <label className="flex items-center gap-2">
          <input type="radio" name={`${name}-mode`} checked={mode === "all"} onChange={() => setMode("all")} />
          All endpoints
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name={`${name}-mode`} checked={mode === "some"} onChange={() => setMode("some")} />
          Selected endpoints only
        </label>
      </div>
      {mode === "some" ? (
        <div className="space-y-2 rounded-md p-3 ring-1 ring-slate-200">
          <label htmlFor={searchId} className="sr-only">
            Search endpoints
          </label>
          <input
            id={searchId}
            type="search"
            placeholder="Search endpoints"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            className="w-full rounded-md border-0 px-3 py-1.5 text-sm ring-1 ring-inset ring-slate-300"
          />
          <p className="text-xs text-slate-500" aria-live="polite">
            {chosen.size} selected · {scopes ? `${allowed.length} endpoints allowed by the chosen scopes` : `${allowed.length} endpoints`}
          </p>
          {warning ? (
            <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 ring-1 ring-inset ring-amber-200">
              {warning}
            </p>
          ) : null}
          {outside.length > 0 ? (
            <div role="group" aria-label="Endpoints the chosen scopes do not allow" className="space-y-1 rounded-md bg-red-50 p-2">
              <p className="text-xs font-semibold text-red-800">Not allowed by the chosen scopes: untick them or choose the scopes they need</p>
              {outside.map((endpoint) => item(endpoint, `needs ${endpoint.needs.filter((scope) => !scopes?.includes(scope)).join(" + ")}`))}
            </div>
          ) : null}
          {scopes && scopes.length === 0 ? <p className="text-sm text-slate-600">Choose scopes first: the endpoints they allow appear here.</p> : null}
          {groups.length === 0 && term ? <p className="text-sm text-slate-600">No allowed endpoint matches “{filter}”.</p> : null}
          <div className="space-y-3">
            {groups.map(({ group, endpoints }) => (
              <div key={group} role="group" aria-label={`${group} endpoints`}>
                <p className="text-xs font-semibold text-slate-500">{group}</p>
                {endpoints.map((endpoint) => item(endpoint))}
              </div>
            ))}
          </div>
        </div>
      ) : null}
    </fieldset>
  );
}

function EndpointOption({ endpoint, checked, onToggle, problem }: { endpoint: Endpoint; checked: boolean; onToggle: (name: string, on: boolean) => void; problem?: string }) {
  const descriptionId = useId();
  const nameId = useId();
  return (
    <label className="flex items-start gap-2 py-0.5">
      <input type="checkbox" className="mt-0.5" checked={checked} aria-labelledby={nameId} aria-describedby={descriptionId} onChange={(event) => onToggle(endpoint.name, event.target.checked)} />
      <span className="min-w-0">
        <span id={nameId} className="font-mono text-xs break-all">
          {endpoint.method}
        </span>
        <span id={descriptionId} className="block text-xs text-slate-600">
          {ENDPOINT_DESCRIPTIONS[endpoint.method]}
          {problem ? <span className="font-medium text-red-800"> — {problem}</span> : null}
        </span>
      </span>
    </label>
  );
}
