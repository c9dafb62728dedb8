"use client";

import { useEffect, useId, useMemo, useState } from "react";
import { BASIC_SCOPES, OPERATION_SCOPES, RESOURCES, SCOPE_LABELS, withDependencies, withoutDependents, type OperationScope } from "@/lib/authz";

/**
 * The scope picker (collaborators, keys, permission groups), as the collaboration seed describes it:
 * Select All Scopes, the BASIC SCOPES bundles, and ADVANCED SCOPES — an option that opens the list
 * of every operation scope, grouped by resource, with a search. Ticking a scope also ticks what it
 * depends on; unticking one unticks what depends on it. The selection is submitted as repeated
 * hidden inputs named `name`.
 *
 * What may be picked is the server's answer, from lib/authz: `offered` is what this kind of grant
 * can carry (others are not shown), `available` what the granter holds (no escalation: others are
 * shown disabled and never selected). Select All Scopes selects every offered scope the granter
 * holds — the advanced ones (API keys, for instance) included. The server checks it all again.
 *
 * `onChange` hears the selection (after the dependency closure), e.g. for the endpoint picker next
 * to it; `note` says why the kind of grant offers fewer scopes than the catalog holds. The lists
 * never scroll on their own: the page or dialog around them is the one scroll area.
 */
export function ScopePicker({
  name = "scopes",
  initial = [],
  legend = "Scopes",
  available,
  offered,
  note,
  onChange,
}: {
  name?: string;
  initial?: readonly OperationScope[];
  legend?: string;
  available?: readonly OperationScope[];
  offered?: readonly OperationScope[];
  note?: string;
  onChange?: (scopes: readonly OperationScope[]) => void;
}) {
  const shown = useMemo(() => new Set<OperationScope>(offered ?? OPERATION_SCOPES), [offered]);
  const allowed = useMemo(() => (available ? new Set<OperationScope>(available) : null), [available]);
  const usable = (scope: OperationScope) => shown.has(scope) && (allowed === null || allowed.has(scope));
  const close = (scopes: Iterable<OperationScope>) => withDependencies(scopes).filter(usable);
  const [selected, setSelected] = useState<OperationScope[]>(() => close(initial));
  const [advancedOpen, setAdvancedOpen] = useState(() => needsAdvanced(close(initial), usable));
  const [filter, setFilter] = useState("");
  const searchId = useId();
  const advancedId = useId();
  const has = useMemo(() => new Set(selected), [selected]);
  useEffect(() => onChange?.(selected), [onChange, selected]);
  const usableOf = (scopes: readonly OperationScope[]) => scopes.filter(usable);
  const bundleChecked = (scopes: readonly OperationScope[]) => usableOf(scopes).length > 0 && usableOf(scopes).every((scope) => has.has(scope));
  const everyUsable = OPERATION_SCOPES.filter(usable);
  const offeredCount = OPERATION_SCOPES.filter((scope) => shown.has(scope)).length;
  const basicScopes = BASIC_SCOPES.map((basic) => ({ ...basic, scopes: basic.scopes.filter((scope) => shown.has(scope)) })).filter((basic) => basic.scopes.length > 0);

  const add = (scopes: readonly OperationScope[]) => setSelected((current) => close([...current, ...scopes]));
  const remove = (scopes: readonly OperationScope[]) =>
    setSelected((current) => scopes.reduce<OperationScope[]>((acc, scope) => withoutDependents(acc, scope), current));

  const term = filter.trim().toLowerCase();
  const resources = RESOURCES.map((resource) => ({
    ...resource,
    scopes: resource.scopes.filter((scope) => shown.has(scope) && (!term || scope.toLowerCase().includes(term) || SCOPE_LABELS[scope].toLowerCase().includes(term) || resource.label.toLowerCase().includes(term))),
  })).filter((resource) => resource.scopes.length > 0);

  return (
    <fieldset className="space-y-4">
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      {selected.map((scope) => (
        <input key={scope} type="hidden" name={name} value={scope} />
      ))}
      <label className="flex items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          checked={bundleChecked(everyUsable)}
          disabled={everyUsable.length === 0}
          onChange={(event) => (event.target.checked ? add(everyUsable) : remove(everyUsable))}
        />
        Select All Scopes
      </label>
      <div role="group" aria-label="BASIC SCOPES" className="space-y-1">
        <p className="text-xs font-semibold tracking-wide text-slate-500">BASIC SCOPES</p>
        <div className="grid grid-cols-1 gap-1 sm:grid-cols-2">
          {basicScopes.map((basic) => (
            <label key={basic.name} className="flex items-start gap-2 text-sm" title={basic.description}>
              <input
                type="checkbox"
                checked={bundleChecked(basic.scopes)}
                disabled={usableOf(basic.scopes).length === 0}
                onChange={(event) => (event.target.checked ? add(basic.scopes) : remove(basic.scopes))}
              />
              <span>
                {basic.name}
                <span className="block text-xs text-slate-500">{basic.description}</span>
              </span>
            </label>
          ))}
        </div>
      </div>
      <div className="space-y-2">
        <button
          type="button"
          aria-expanded={advancedOpen}
          aria-controls={advancedId}
          onClick={() => setAdvancedOpen((open) => !open)}
          className="inline-flex items-center gap-1 rounded text-xs font-semibold tracking-wide text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
        >
          <span aria-hidden>{advancedOpen ? "▾" : "▸"}</span>
          ADVANCED SCOPES
        </button>
        {advancedOpen ? (
          <div id={advancedId} role="group" aria-label="ADVANCED SCOPES" className="space-y-2">
            <label htmlFor={searchId} className="sr-only">
              Search scopes
            </label>
            <input
              id={searchId}
              type="search"
              placeholder="Search scopes"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
              className="w-full rounded-md border-0 px-3 py-1.5 text-sm ring-1 ring-inset ring-slate-300"
            />
            <div className="space-y-2">
              {resources.length === 0 ? <p className="text-sm text-slate-500">No scope matches “{filter}”.</p> : null}
              {resources.map((resource) => (
                <div key={resource.id}>
                  <p className="text-xs font-medium text-slate-600">{resource.label}</p>
                  {resource.scopes.map((scope) => (
                    <label key={scope} className={`flex items-center gap-2 text-sm ${usable(scope) ? "" : "text-slate-400"}`} title={usable(scope) ? undefined : "You do not hold this scope on this app, so you cannot grant it."}>
                      <input type="checkbox" checked={has.has(scope)} disabled={!usable(scope)} onChange={(event) => (event.target.checked ? add([scope]) : remove([scope]))} />
                      <span>
                        {scope} <span className="text-xs text-slate-500">— {SCOPE_LABELS[scope]}</span>
                      </span>
                    </label>
                  ))}
                </div>
              ))}
            </div>
          </div>
        ) : null}
      </div>
      <p className="text-xs text-slate-500" aria-live="polite">
        {selected.length} of {offeredCount} scopes selected.
      </p>
      {note ? <p className="text-xs text-slate-500">{note}</p> : null}
    </fieldset>
  );
}

/**
 * Whether a selection shows only under ADVANCED SCOPES: some selected scope is not part of a basic
 * scope that is selected whole. Then the option starts open, so nothing chosen is out of sight.
 */
function needsAdvanced(selection: readonly OperationScope[], usable: (scope: OperationScope) => boolean): boolean {
  const chosen = new Set(selection);
  const wholeBundles = new Set(
    BASIC_SCOPES.filter((basic) => {
      const scopes = basic.scopes.filter(usable);
      return scopes.length > 0 && scopes.every((scope) => chosen.has(scope));
    }).flatMap((basic) => basic.scopes),
  );
  return selection.some((scope) => !wholeBundles.has(scope));
}
