import { findInstanceType, findProvider, type InstanceType } from "@/lib/compute/catalog";
import { formatMoney, formatPrice } from "@/lib/finance/money";
import type { InstancePrices } from "@/lib/finance/plan";

// How the compute pages name catalog entries and prices (one wording everywhere; times: <Time>).
// Prices are the organization's plan's, as its costs are charged, never the catalog's.

/** A node-hour of `instanceType` under the plan: "$0.53". */
export function nodeHourPrice(instanceType: string, prices: InstancePrices): string {
  return formatPrice(prices.minorPerHour[instanceType] ?? "0", prices.currency);
}

/** What `nodeHours` of `instanceType` cost under the plan, to the minor unit: "$1.06". */
export function nodeHoursCost(nodeHours: number, instanceType: string, prices: InstancePrices): string {
  return formatMoney(Math.round(nodeHours * Number(prices.minorPerHour[instanceType] ?? "0")), prices.currency);
}

/** "4 CPUs · 16 GiB · 1× NVIDIA T4 · $0.53 per node-hour". */
export function instanceSummary(type: InstanceType, prices: InstancePrices): string {
  const gpu = type.gpus > 0 ? ` · ${type.gpus}× ${type.gpuModel}` : " · no GPU";
  return `${type.cpus} CPUs · ${type.memoryGiB} GiB${gpu} · ${nodeHourPrice(type.id, prices)} per node-hour`;
}

export function instanceName(id: string): string {
  return findInstanceType(id)?.name ?? id;
}

/** "Amazon Web Services · US East (N. Virginia)". */
export function placeName(providerId: string, regionId: string): string {
  const provider = findProvider(providerId);
  const region = provider?.regions.find((candidate) => candidate.id === regionId);
  return `${provider?.name ?? providerId} · ${region?.name ?? regionId}`;
}
