"use client";

import { useId, useState } from "react";
import { ENDPOINTS, ENDPOINT_PREFIX } from "@/lib/authz";

const GROUPS = [...new Set(ENDPOINTS.map((endpoint) => endpoint.group))];

/**
 * Endpoint scopes of a credential: all endpoints, or a chosen list grouped by resource, with a
 * search. Submitted as `endpointScopes` = "all" or repeated endpoint names.
 */
export function EndpointPicker({ name = "endpointScopes", initial = null }: { name?: string; initial?: readonly string[] | null }) {
  const [mode, setMode] = useState<"all" | "some">(initial ? "some" : "all");
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(initial ?? []));
  const [filter, setFilter] = useState("");
  const searchId = useId();
  const term = filter.trim().toLowerCase();
  const toggle = (endpoint: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(endpoint);
      else next.delete(endpoint);
      return next;
    });
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">Endpoint scopes</legend>
      {mode === "all" ? <input type="hidden" name={name} value="all" /> : [...chosen].map((endpoint) => <input key={endpoint} type="hidden" name={name} value={endpoint} />)}
      <div className="flex gap-4 text-sm">
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
          <p className="text-xs text-slate-500">{chosen.size} selected</p>
          <div className="max-h-56 space-y-3 overflow-y-auto">
            {GROUPS.map((group) => {
              const endpoints = ENDPOINTS.filter((e) => e.group === group && (!term || e.method.toLowerCase().includes(term) || group.toLowerCase().includes(term)));
              if (endpoints.length === 0) return null;
              return (
                <div key={group} role="group" aria-label={`${group} endpoints`}>
                  <p className="text-xs font-semibold text-slate-500">{group}</p>
                  {endpoints.map((endpoint) => (
                    <label key={endpoint.name} className="flex items-center gap-2 font-mono text-xs">
                      <input type="checkbox" checked={chosen.has(endpoint.name)} onChange={(event) => toggle(endpoint.name, event.target.checked)} />
                      <span>
                        <span className="text-slate-400">{ENDPOINT_PREFIX}</span>
                        {endpoint.method}
                      </span>
                    </label>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      ) : null}
    </fieldset>
  );
}
