"use client";

import { updatePlanAction } from "@/lib/actions/finance";
import { ActionForm, DialogButton } from "@/components/compute/action-dialog";
import { SelectField } from "@/components/compute/select-field";
import { Field } from "@/components/ui/field";
import { CURRENCIES, minorToMajorString, priceToMajorString } from "@/lib/finance/money";

export type PlanFormValues = {
  name: string;
  currency: string;
  includedCreditMinor: number;
  operationPrices: { category: string; label: string; minorPerThousand: string }[];
  instancePrices: { instanceType: string; name: string; minorPerHour: string }[];
};

/** The plan's form (Admins): name, currency, included credit and every price, in major units. */
export function EditPlanButton({ org, plan }: { org: string; plan: PlanFormValues }) {
  return (
    <DialogButton label="Edit plan" variant="secondary" title="Edit pricing plan" description="New prices apply to the current month; months already closed keep their statements.">
      {(close) => (
        <ActionForm action={updatePlanAction} hidden={{ org }} submitLabel="Save plan" onClose={close}>
          {(errors) => (
            <div className="max-h-[60vh] space-y-4 overflow-y-auto pr-1">
              <Field label="Plan name" name="name" required defaultValue={plan.name} errors={errors("name")} />
              <SelectField label="Currency" name="currency" defaultValue={plan.currency} errors={errors("currency")}>
                {CURRENCIES.map((code) => (
                  <option key={code} value={code}>
                    {code}
                  </option>
                ))}
              </SelectField>
              <Field label="Included monthly credit" name="includedCredit" inputMode="decimal" required defaultValue={minorToMajorString(plan.includedCreditMinor)} errors={errors("includedCredit")} />
              <fieldset className="space-y-3">
                <legend className="text-sm font-semibold text-slate-800">Price per 1,000 operations</legend>
                {plan.operationPrices.map((price) => (
                  <Field key={price.category} label={price.label} name={`price_${price.category}`} inputMode="decimal" required defaultValue={priceToMajorString(price.minorPerThousand)} errors={errors(`price_${price.category}`)} />
                ))}
              </fieldset>
              <fieldset className="space-y-3">
                <legend className="text-sm font-semibold text-slate-800">Price per node-hour</legend>
                {plan.instancePrices.map((price) => (
                  <Field key={price.instanceType} label={price.name} name={`instance_${price.instanceType}`} inputMode="decimal" required defaultValue={priceToMajorString(price.minorPerHour)} errors={errors(`instance_${price.instanceType}`)} />
                ))}
              </fieldset>
            </div>
          )}
        </ActionForm>
      )}
    </DialogButton>
  );
}
