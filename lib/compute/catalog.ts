// What clusters and nodepools may be made of: cloud providers with their regions, and instance
// types with their resources and list price per hour (the default pricing plan's; what a node-hour
// costs is the organization's plan's, lib/finance/plan.ts). A fixed catalog, as Clarifai's
// console offers: an ID outside it is refused by name.

export type CloudProvider = { id: string; name: string; regions: readonly { id: string; name: string }[] };

export const CLOUD_PROVIDERS: readonly CloudProvider[] = [
  {
    id: "aws",
    name: "Amazon Web Services",
    regions: [
      { id: "us-east-1", name: "US East (N. Virginia)" },
      { id: "us-west-2", name: "US West (Oregon)" },
      { id: "eu-west-1", name: "Europe (Ireland)" },
    ],
  },
  {
    id: "gcp",
    name: "Google Cloud",
    regions: [
      { id: "us-central1", name: "Iowa (us-central1)" },
      { id: "europe-west4", name: "Netherlands (europe-west4)" },
    ],
  },
  {
    id: "azure",
    name: "Microsoft Azure",
    regions: [
      { id: "eastus", name: "East US" },
      { id: "westeurope", name: "West Europe" },
    ],
  },
];

export type InstanceType = {
  id: string;
  name: string;
  cpus: number;
  memoryGiB: number;
  gpus: number;
  gpuModel: string | null;
  /** Price of one node for one hour, in US cents (whole cents keep sums exact). */
  centsPerHour: number;
};

export const INSTANCE_TYPES: readonly InstanceType[] = [
  { id: "cpu-small", name: "CPU small", cpus: 2, memoryGiB: 8, gpus: 0, gpuModel: null, centsPerHour: 10 },
  { id: "cpu-large", name: "CPU large", cpus: 8, memoryGiB: 32, gpus: 0, gpuModel: null, centsPerHour: 38 },
  { id: "gpu-t4", name: "GPU NVIDIA T4", cpus: 4, memoryGiB: 16, gpus: 1, gpuModel: "NVIDIA T4", centsPerHour: 53 },
  { id: "gpu-a10g", name: "GPU NVIDIA A10G", cpus: 8, memoryGiB: 32, gpus: 1, gpuModel: "NVIDIA A10G", centsPerHour: 121 },
  { id: "gpu-l40s", name: "GPU NVIDIA L40S", cpus: 16, memoryGiB: 64, gpus: 1, gpuModel: "NVIDIA L40S", centsPerHour: 186 },
];

export function findProvider(id: string): CloudProvider | undefined {
  return CLOUD_PROVIDERS.find((provider) => provider.id === id);
}

export function findInstanceType(id: string): InstanceType | undefined {
  return INSTANCE_TYPES.find((type) => type.id === id);
}
