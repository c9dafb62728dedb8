"use client";

import { deleteBudgetAction, setBudgetAction } from "@/lib/actions/finance";
import { ActionForm, DialogButton } from "@/components/compute/action-dialog";
import { SelectField } from "@/components/compute/select-field";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { minorToMajorString } from "@/lib/finance/money";

type Budget = { id: string; appId: string | null; appName: string | null; amountMinor: number; thresholds: number[] };

/** Sets the organization's budget or an app's (a new one, or `budget` changed). */
export function SetBudgetButton({ org, currency, apps, budget, taken }: { org: string; currency: string; apps: { appId: string; name: string }[]; budget?: Budget; taken: (string | null)[] }) {
  const editing = Boolean(budget);
  const choices = [{ appId: "", name: "The whole organization" }, ...apps].filter((app) => (budget ? app.appId === (budget.appId ?? "") : !taken.includes(app.appId || null)));
  return (
    <DialogButton
      label={editing ? "Edit" : "Set budget"}
      variant={editing ? "secondary" : "primary"}
      buttonLabel={editing ? `Edit the budget of ${budget!.appName ?? "the organization"}` : undefined}
      title={editing ? "Edit budget" : "Set a monthly budget"}
      description="Admins and Financial Managers get a notification and an email the first time each month that spend reaches a threshold."
    >
      {(close) => (
        <ActionForm action={setBudgetAction} hidden={{ org }} submitLabel="Save budget" onClose={close}>
          {(errors) => (
            <>
              <SelectField label="Budget for" name="app" defaultValue={budget?.appId ?? ""} errors={errors("app")}>
                {choices.map((app) => (
                  <option key={app.appId} value={app.appId}>
                    {app.appId ? `${app.name} (${app.appId})` : app.name}
                  </option>
                ))}
              </SelectField>
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
