import { forbidden } from "next/navigation";
import { AppKeys } from "@/components/credentials/app-keys";
import { SESSION, evaluateOperation, scopeNames } from "@/lib/authz";
import { appKeysOf } from "@/lib/services/app-keys";
import { loadApp, type AppParams } from "../../load-app";

export default async function AppKeysPage({ params }: { params: AppParams }) {
  const { ownerId, appId } = await params;
  const { app, grants, db } = await loadApp(ownerId, appId);
  const now = new Date();
  const may = (scope: "Keys:Get" | "Keys:Add" | "Keys:Delete") => evaluateOperation(grants, SESSION, scope, { now }).allowed;
  if (!may("Keys:Get")) forbidden();
  const keys = await appKeysOf(db, app.id, now);
  return <AppKeys app={{ owner: app.ownerHandle, app: app.appId }} keys={keys} held={scopeNames(grants.scopes)} mayCreate={may("Keys:Add")} mayRevoke={may("Keys:Delete")} />;
}
