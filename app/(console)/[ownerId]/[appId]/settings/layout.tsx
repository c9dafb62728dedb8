import type { ReactNode } from "react";
import Link from "next/link";
import { SettingsLayout } from "@/components/shell/settings-sidebar";
import { SESSION, evaluateAppAuditLogView, evaluateAppCapability, evaluateOperation } from "@/lib/authz";
import { loadApp, type AppParams } from "../load-app";

export default async function AppSettingsLayout({ children, params }: { children: ReactNode; params: AppParams }) {
  const { ownerId, appId } = await params;
  const { app, grants, base } = await loadApp(ownerId, appId);
  const mayViewCollaborators = evaluateAppCapability(grants, "app.view_collaborators").allowed;
  const mayViewKeys = evaluateOperation(grants, SESSION, "Keys:Get", { now: new Date() }).allowed;
  const tabs = [
    { href: `${base}/settings`, label: "General", exact: true },
    ...(app.ownerOrgId ? [{ href: `${base}/settings/teams`, label: "Teams" }] : []),
    ...(mayViewCollaborators ? [{ href: `${base}/settings/collaborators`, label: "Collaborators" }, { href: `${base}/settings/access`, label: "Who has access" }] : []),
    ...(mayViewKeys ? [{ href: `${base}/settings/keys`, label: "API keys" }] : []),
    { href: `${base}/settings/explain`, label: "Explain access" },
    ...(evaluateAppAuditLogView(grants).allowed ? [{ href: `${base}/settings/audit-log`, label: "Audit log" }] : []),
  ];
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm break-words text-slate-500">
          <Link href={base} className="hover:underline">
            {app.ownerHandle}/{app.appId}
          </Link>{" "}
          · App Settings
        </p>
        <h1 className="text-2xl font-semibold break-words">{app.name}</h1>
      </div>
      <SettingsLayout label="App settings" sections={tabs}>
        {children}
      </SettingsLayout>
    </div>
  );
}
