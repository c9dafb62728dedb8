import { AccessExplainer } from "@/components/collaborators/access-explainer";
import { evaluateAppCapability } from "@/lib/authz";
import { loadApp, type AppParams } from "../../load-app";

export default async function ExplainAccessPage({ params }: { params: AppParams }) {
  const { ownerId, appId } = await params;
  const { app, grants, user } = await loadApp(ownerId, appId);
  // Everyone with access may explain their own access; others' only with the collaborator view.
  const anyone = evaluateAppCapability(grants, "app.view_collaborators").allowed;
  return <AccessExplainer app={{ owner: app.ownerHandle, app: app.appId }} viewerEmail={user.email} anyone={anyone} />;
}
