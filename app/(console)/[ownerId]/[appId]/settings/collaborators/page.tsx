import { forbidden } from "next/navigation";
import { CollaboratorsPanel } from "@/components/collaborators/collaborators-panel";
import { evaluateAppCapability } from "@/lib/authz";
import { listCollaboratorsForViewer } from "@/lib/services/collaborators";
import { loadApp, type AppParams } from "../../load-app";

export default async function AppCollaboratorsPage({ params, searchParams }: { params: AppParams; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ownerId, appId } = await params;
  const { edit } = await searchParams;
  const access = await loadApp(ownerId, appId);
  if (!evaluateAppCapability(access.grants, "app.view_collaborators").allowed) forbidden();
  const listing = await listCollaboratorsForViewer(access.db, access);
  return (
    <CollaboratorsPanel
      app={{ owner: access.app.ownerHandle, app: access.app.appId }}
      rows={listing.rows}
      invitations={listing.invitations}
      mayAdd={listing.mayAdd}
      offered={listing.offered}
      grantable={listing.grantable}
      edit={typeof edit === "string" ? edit : undefined}
    />
  );
}
