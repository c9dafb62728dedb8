import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { TabNav } from "@/components/ui/tab-nav";
import { loadCompute } from "./load-compute";

export const metadata: Metadata = { title: "Compute" };

export default async function ComputeLayout({ children, params }: { children: ReactNode; params: Promise<{ ownerId: string }> }) {
  const { org, view, base } = await loadCompute((await params).ownerId);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/${encodeURIComponent(org.handle)}`} className="hover:underline">
            {org.name}
          </Link>{" "}
          · Compute
        </p>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Clusters hold nodepools, nodepools hold deployments of your apps&apos; models. This console is the control plane: it records the desired state — sizes, node counts,
          replicas — and starts no machines itself.
        </p>
      </div>
      <TabNav
        label="Compute sections"
        tabs={[
          { href: base, label: "Clusters", exact: true },
          { href: `${base}/deployments`, label: "Deployments" },
          { href: `${base}/environments`, label: "Environments" },
          ...(view.seesNodeHours ? [{ href: `${base}/node-hours`, label: "Node-hours" }] : []),
        ]}
      />
      {children}
    </div>
  );
}
