"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { deleteBudgetAction, searchBudgetAppsAction, setBudgetAction } from "@/lib/actions/finance";
import { ActionForm, DialogButton } from "@/components/compute/action-dialog";
import { SelectField } from "@/components/compute/select-field";
import { CandidatePicker, type Candidate } from "@/components/ui/candidate-picker";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { minorToMajorString } from "@/lib/finance/money";
import { budgetKeys } from "@/lib/query-keys";

type Budget = { id: string; appId: string | null; appName: string | null; amountMinor: number; thresholds: number[] };

async function appCandidates(org: string, q: string): Promise<Candidate[]> {
  const result = await searchBudgetAppsAction({ org, q });
  if (!result.ok) throw new Error(result.message);
  return result.data.map((app) => ({ id: app.appId, primary: app.name, secondary: app.appId }));
}

/**
 * Sets the organization's budget or an app's (a new one, or `budget` changed). A new app budget
 * finds its app by searching (an organization may have thousands); an existing one keeps its own.
 */
export function SetBudgetButton({ org, currency, budget, hasOrgBudget }: { org: string; currency: string; budget?: Budget; hasOrgBudget?: boolean }) {
  const editing = Boolean(budget);
  const [chosen, setScope] = useState<"org" | "app">("org");
  // Once the organization has a budget (perhaps set since this button was first shown), only apps remain.
  const scope = hasOrgBudget ? "app" : chosen;
  const [app, setApp] = useState<string | null>(null);
  const client = useQueryClient();
  // A saved budget takes its app out of the search results.
  const save = useCallback(
    async (input: unknown) => {
      const result = await setBudgetAction(input);
      if (result.ok) void client.invalidateQueries({ queryKey: budgetKeys.all });
      return result;
    },
    [client],
  );
  return (
    <DialogButton
      label={editing ? "Edit" : "Set budget"}
      variant={editing ? "secondary" : "primary"}
      buttonLabel={editing ? `Edit the budget of ${budget!.appName ?? "the organization"}` : undefined}
      title={editing ? "Edit budget" : "Set a monthly budget"}
      description="Admins and Financial Managers get a notification and an email the first time each month that spend reaches a threshold."
    >
      {(close) => (
        <ActionForm
          action={save}
          hidden={{ org, app: editing ? (budget!.appId ?? "") : scope === "app" ? (app ?? "") : "" }}
          submitLabel="Save budget"
          onClose={close}
        >
          {(errors) => (
            <>
              {editing ? (
                <p className="text-sm text-slate-700">
                  Budget for <span className="font-medium">{budget!.appId ? `${budget!.appName} (${budget!.appId})` : "the whole organization"}</span>
                </p>
              ) : (
                <>
                  <SelectField label="Budget for" name="scope" value={scope} onChange={(event) => setScope(event.target.value === "app" ? "app" : "org")} errors={scope === "org" ? errors("app") : []}>
                    {hasOrgBudget ? null : <option value="org">The whole organization</option>}
                    <option value="app">One app</option>
                  </SelectField>
                  {scope === "app" ? (
                    <div className="space-y-1">
                      <CandidatePicker
                        searchLabel="Find the app by name or ID"
                        queryKey={(q) => budgetKeys.appCandidates(org, q)}
                        load={(q) => appCandidates(org, q)}
                        selected={app ? [app] : []}
                        onToggle={(id, checked) => setApp(checked ? id : null)}
                        single
                        empty="No app without a budget matches."
                      />
                      {(errors("app") ?? []).map((message) => (
                        <p key={message} className="text-sm text-red-700">
                          {message}
                        </p>
                      ))}
                    </div>
                  ) : null}
                </>
              )}
              <Field
                label={`Monthly budget (${currency})`}
                name="amount"
                inputMode="decimal"
                required
                autoFocus
                defaultValue={budget ? minorToMajorString(budget.amountMinor) : ""}
                hint="For example 250 or 250.50."
                errors={errors("amount")}
              />
              <Field
                label="Alert thresholds (%)"
                name="thresholds"
                required
                defaultValue={budget ? budget.thresholds.join(", ") : "50, 80, 100"}
                hint="Whole percentages from 1 to 100, separated by commas."
                errors={errors("thresholds")}
              />
            </>
          )}
        </ActionForm>
      )}
    </DialogButton>
  );
}

export function DeleteBudgetButton({ org, budget }: { org: string; budget: Budget }) {
  const name = budget.appName ?? "the organization";
  return (
    <ConfirmButton
      label="Delete"
      variant="ghost"
      buttonLabel={`Delete the budget of ${name}`}
      title="Delete budget"
      body={<p>The monthly budget of {name} and its alert thresholds are deleted. Spend is not affected.</p>}
      confirmLabel="Delete budget"
      successMessage="Budget deleted."
      run={() => deleteBudgetAction({ org, budgetId: budget.id })}
    />
  );
}
