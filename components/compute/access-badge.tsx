import { ENVIRONMENT_ACCESS_LABELS, type EnvironmentAccess } from "@/lib/authz";

const TONES: Record<EnvironmentAccess, string> = {
  full: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  read_only: "bg-slate-100 text-slate-700 ring-slate-200",
  none: "bg-red-50 text-red-800 ring-red-200",
};

/** A person's level in an environment, in ConfigCat's words. */
export function AccessBadge({ level }: { level: EnvironmentAccess }) {
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[level]}`}>{ENVIRONMENT_ACCESS_LABELS[level]}</span>;
}
