import { AccessExplainer } from "@/components/collaborators/access-explainer";
import { evaluateAppCapability } from "@/lib/authz";
import { explainEndpointAccess } from "@/lib/services/explain";
import { loadApp, type AppParams } from "../../load-app";

/**
 * The access explainer. `?user=<user ID>&what=…` (the "Explain" links of "who has access" and of
 * the collaborators list) or `?email=…` fill it in and answer at once, under the same rules as the
 * form: about others only for viewers who may see who has access, and only about people shown
 * there. The person's address fills the form only once the answer is allowed.
 */
export default async function ExplainAccessPage({ params, searchParams }: { params: AppParams; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ownerId, appId } = await params;
  const query = await searchParams;
  const { app, grants, user, db } = await loadApp(ownerId, appId);
  // Everyone with access may explain their own access; others' only with the collaborator view.
  const anyone = evaluateAppCapability(grants, "app.view_collaborators").allowed;
  const email = typeof query.email === "string" ? query.email.slice(0, 320) : undefined;
  const person = typeof query.user === "string" ? query.user.slice(0, 64) : undefined;
  const what = typeof query.what === "string" ? query.what.slice(0, 100) : undefined;
  const initialResult =
    email !== undefined || person !== undefined
      ? await explainEndpointAccess(db, { userId: user.id }, { ownerHandle: app.ownerHandle, appId: app.appId, ...(email !== undefined ? { email } : { user: person }), what: what ?? "predict" })
      : null;
  const initialEmail = initialResult?.ok ? initialResult.data.user.email : email;
  return <AccessExplainer app={{ owner: app.ownerHandle, app: app.appId }} viewerEmail={user.email} anyone={anyone} initialEmail={initialEmail} initialWhat={what} initialResult={initialResult} />;
}
