"use client";

import { useState } from "react";
import { searchTokenAppsAction } from "@/lib/actions/credentials";
import { tokenKeys } from "@/lib/query-keys";
import { Button } from "@/components/ui/button";
import { CandidatePicker } from "@/components/ui/candidate-picker";

/**
 * The apps a personal access token reaches: all the apps its owner reaches (the default), or only
 * chosen ones, found by a search over the apps the person reaches now. Submitted as `apps` = "all"
 * or repeated app paths ("owner/app").
 */
export function AppPicker({ name = "apps" }: { name?: string }) {
  const [mode, setMode] = useState<"all" | "some">("all");
  const [chosen, setChosen] = useState<string[]>([]);
  const toggle = (path: string, on: boolean) => setChosen((current) => (on ? [...current.filter((p) => p !== path), path] : current.filter((p) => p !== path)));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">Apps</legend>
      {mode === "all" ? (
        <input type="hidden" name={name} value="all" />
      ) : chosen.length === 0 ? (
        // None chosen yet: sent as such, so the token is refused rather than made for every app.
        <input type="hidden" name={name} value="" />
      ) : (
        chosen.map((path) => <input key={path} type="hidden" name={name} value={path} />)
      )}
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <label className="flex items-center gap-2">
          <input type="radio" name={`${name}-mode`} checked={mode === "all"} onChange={() => setMode("all")} />
          All apps
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name={`${name}-mode`} checked={mode === "some"} onChange={() => setMode("some")} />
          Only selected apps
        </label>
      </div>
      <p className="text-xs text-slate-500">
        {mode === "all" ? "The token reaches every app you can reach, now and later." : "The token is refused on every other app, and cannot create apps or reach an organization's compute."}
      </p>
      {mode === "some" ? (
        <div className="space-y-2 rounded-md p-3 ring-1 ring-slate-200">
          {chosen.length > 0 ? (
            <ul aria-label="Selected apps" className="flex flex-wrap gap-2">
              {chosen.map((path) => (
                <li key={path} className="flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-3 font-mono text-xs">
                  {path}
                  <Button variant="ghost" className="px-1.5 py-0 shadow-none" aria-label={`Remove ${path}`} onClick={() => toggle(path, false)}>
                    ×
                  </Button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-xs text-slate-500">No app selected yet.</p>
          )}
          <CandidatePicker
            searchLabel="Search your apps"
            queryKey={tokenKeys.appCandidates}
            load={async (q) => {
              const result = await searchTokenAppsAction({ q });
              if (!result.ok) throw new Error(result.message);
              return result.data.map((app) => ({ id: app.path, primary: app.path, secondary: app.name }));
            }}
            selected={chosen}
            onToggle={toggle}
            empty="No app you can reach matches."
          />
        </div>
      ) : null}
    </fieldset>
  );
}
