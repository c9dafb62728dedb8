import { findInstanceType, findProvider, type InstanceType } from "@/lib/compute/catalog";

// How the compute pages name catalog entries and prices (one wording everywhere; times: <Time>).

/** Whole US cents as dollars: 53 → "$0.53". */
export function dollars(cents: number): string {
  return `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** "4 CPUs · 16 GiB · 1× NVIDIA T4 · $0.53 per node-hour". */
export function instanceSummary(type: InstanceType): string {
  const gpu = type.gpus > 0 ? ` · ${type.gpus}× ${type.gpuModel}` : " · no GPU";
  return `${type.cpus} CPUs · ${type.memoryGiB} GiB${gpu} · ${dollars(type.centsPerHour)} per node-hour`;
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
