import { forbidden } from "next/navigation";
import { AppKeys } from "@/components/credentials/app-keys";
import { SESSION, evaluateOperation, scopeNames } from "@/lib/authz";
import { listAppKeys } from "@/lib/services/app-keys";
import { loadApp, type AppParams } from "../../load-app";

export default async function AppKeysPage({ params }: { params: AppParams }) {
  const { ownerId, appId } = await params;
  const { app, grants, db, user } = await loadApp(ownerId, appId);
  const ref = { ownerHandle: app.ownerHandle, appId: app.appId };
  const keys = await listAppKeys(db, { userId: user.id }, ref);
  if (!keys.ok) forbidden();
  const now = new Date();
  const may = (scope: "Keys:Add" | "Keys:Delete") => evaluateOperation(grants, SESSION, scope, { now }).allowed;
  return <AppKeys app={ref} initial={keys.data} held={scopeNames(grants.scopes)} mayCreate={may("Keys:Add")} mayRevoke={may("Keys:Delete")} />;
}
