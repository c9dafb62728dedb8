// The plan every organization starts with. The migration that introduced plans gave existing
// organizations the same values (plan.test.ts keeps the two in step); Admins edit their own copy.

import { INSTANCE_TYPES } from "@/lib/compute/catalog";
import type { OperationCategory } from "./categories";
import type { Currency } from "./money";

export type PlanDefaults = {
  name: string;
  currency: Currency;
  includedCreditMinor: number;
  /** Minor units per 1,000 operations, as numeric strings. */
  operationPrices: Readonly<Record<OperationCategory, string>>;
  /** Minor units per node-hour, by instance type. */
  instancePrices: Readonly<Record<string, string>>;
};

/** What a node-hour of each instance type costs under an organization's plan: one price, wherever it is shown. */
export type InstancePrices = {
  currency: string;
  /** Minor units per node-hour, as numeric strings, by instance type. */
  minorPerHour: Readonly<Record<string, string>>;
};

export const DEFAULT_PLAN: PlanDefaults = {
  name: "Standard",
  currency: "USD",
  includedCreditMinor: 5_000,
  operationPrices: {
    predict: "120",
    train: "500",
    search: "50",
    input_writes: "20",
    other_writes: "10",
    reads: "1",
  },
  instancePrices: Object.fromEntries(INSTANCE_TYPES.map((type) => [type.id, String(type.centsPerHour)])),
};
