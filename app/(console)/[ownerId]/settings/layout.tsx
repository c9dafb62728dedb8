import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { TabNav } from "@/components/ui/tab-nav";
import { evaluateOrgCapability } from "@/lib/authz";
import { requireUser } from "@/lib/auth/principal";
import { findOrganizationForMember } from "@/db/queries/organizations";

export default async function OrganizationSettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ ownerId: string }> }) {
  const user = await requireUser();
  const ownerId = decodeURIComponent((await params).ownerId);
  const org = await findOrganizationForMember(await getDb(), { userId: user.id, handle: ownerId });
  if (!org) notFound();
  const base = `/${encodeURIComponent(org.handle)}/settings`;
  const tabs = [
    { href: `${base}/members`, label: "Members" },
    // Team pages are for roles that manage teams; others do not see the links (the pages answer 403).
    ...(evaluateOrgCapability(org.role, "teams.manage").allowed
      ? [
          { href: `${base}/teams`, label: "Teams" },
          { href: `${base}/permission-groups`, label: "Permission groups" },
        ]
      : []),
  ];
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">{org.name} · Settings</p>
      </div>
      <TabNav label="Organization settings" tabs={tabs} />
      {children}
    </div>
  );
}
