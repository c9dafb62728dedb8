"use server";

import { deleteBudget, searchBudgetApps, setBudget, updatePlan } from "@/lib/operations/finance";
import { action } from "./define";

export const updatePlanAction = action(updatePlan);
export const setBudgetAction = action(setBudget);
export const deleteBudgetAction = action(deleteBudget);
export const searchBudgetAppsAction = action(searchBudgetApps);
