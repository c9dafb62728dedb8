import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { SettingsLayout } from "@/components/shell/settings-sidebar";
import { evaluateAuditLogView, evaluateOrgCapability } from "@/lib/authz";
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
    // Costs, budgets and statements: Admins and Financial Managers; others get no link (403).
    ...(evaluateOrgCapability(org.role, "finance.view").allowed ? [{ href: `${base}/costs`, label: "Costs" }] : []),
    // Admins read every event, Financial Managers the finance events; others get no link (403).
    ...(evaluateAuditLogView(org.role).allowed ? [{ href: `${base}/audit-log`, label: "Audit log" }] : []),
  ];
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">{org.name} · Settings</p>
      </div>
      <SettingsLayout label="Organization settings" sections={tabs}>
        {children}
      </SettingsLayout>
    </div>
  );
}
