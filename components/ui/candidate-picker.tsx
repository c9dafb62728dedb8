"use client";

import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useEffect, useId, useState } from "react";
import { Alert } from "@/components/ui/alert";

export type Candidate = { id: string; primary: string; secondary: string };

/** Search box + checkbox (or radio) list of candidates fetched as the text changes: the Add Members / Add App / Add team dialogs, an app's budget. */
export function CandidatePicker({
  searchLabel,
  queryKey,
  load,
  selected,
  onToggle,
  single,
  empty,
  onCandidates,
}: {
  searchLabel: string;
  queryKey: (q: string) => readonly unknown[];
  load: (q: string) => Promise<Candidate[]>;
  selected: string[];
  onToggle: (id: string, checked: boolean) => void;
  single?: boolean;
  empty: string;
  /** Told each list of candidates shown (to name the chosen ones after the search moved on). */
  onCandidates?: (candidates: Candidate[]) => void;
}) {
  const [q, setQ] = useState("");
  const deferred = useDeferredValue(q);
  const searchId = useId();
  const query = useQuery({ queryKey: queryKey(deferred), queryFn: () => load(deferred) });
  useEffect(() => {
    if (query.data) onCandidates?.(query.data);
  }, [query.data, onCandidates]);
  return (
    <div className="space-y-2">
      <label htmlFor={searchId} className="block text-sm font-medium text-slate-700">
        {searchLabel}
      </label>
      <input id={searchId} type="search" value={q} onChange={(e) => setQ(e.target.value)} maxLength={100} className="w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300" />
      <div className="max-h-60 overflow-y-auto rounded-md ring-1 ring-slate-200" aria-busy={query.isFetching}>
        {query.isError ? <Alert tone="error">{query.error.message}</Alert> : null}
        {query.data && query.data.length === 0 ? <p className="p-3 text-sm text-slate-500">{empty}</p> : null}
        {query.data?.map((candidate) => (
          <label key={candidate.id} className="flex items-center gap-2 px-3 py-2 text-sm hover:bg-slate-50">
            <input
              type={single ? "radio" : "checkbox"}
              name="candidate"
              checked={selected.includes(candidate.id)}
              onChange={(e) => onToggle(candidate.id, e.target.checked)}
            />
            <span>
              {candidate.primary} <span className="text-slate-500">{candidate.secondary}</span>
            </span>
          </label>
        ))}
      </div>
    </div>
  );
}
