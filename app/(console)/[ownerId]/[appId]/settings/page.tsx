import { LeaveAppButton } from "@/components/collaborators/leave-app-button";
import { AppDetailsForm, AppIdentityForm, DeleteAppButton, TransferAppForm, VisibilityForm } from "@/components/apps/app-settings-forms";
import { NO_SCOPES, evaluateAppCapability, evaluateOrgCapability } from "@/lib/authz";
import { listMyOrganizations } from "@/db/queries/organizations";
import { loadApp, type AppParams } from "../load-app";

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <h2 id={id} className="font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function AppGeneralSettingsPage({ params }: { params: AppParams }) {
  const { ownerId, appId } = await params;
  const { app, grants, user, db } = await loadApp(ownerId, appId);
  const target = { owner: app.ownerHandle, app: app.appId };
  const may = (capability: Parameters<typeof evaluateAppCapability>[1]) => evaluateAppCapability(grants, capability).allowed;
  const transferTargets =
    app.ownerUserId === user.id && may("app.delete")
      ? (await listMyOrganizations(db, { userId: user.id })).filter((org) => evaluateOrgCapability(org.role, "app.create").allowed).map(({ handle, name, role }) => ({ handle, name, role }))
      : null;
  return (
    <div className="space-y-6">
      <Section title="App ID and name">
        {may("app.edit_id") ? (
          <AppIdentityForm target={target} appId={app.appId} name={app.name} />
        ) : (
          <dl className="grid grid-cols-[8rem_1fr] gap-2 text-sm">
            <dt className="text-slate-500">App ID</dt>
            <dd>{app.appId}</dd>
            <dt className="text-slate-500">App name</dt>
            <dd>{app.name}</dd>
          </dl>
        )}
      </Section>
      <Section title="Description and notes">
        {may("app.edit_description") ? (
          <AppDetailsForm target={target} description={app.description} notes={app.notes} />
        ) : (
          <dl className="space-y-2 text-sm">
            <dt className="text-slate-500">Description</dt>
            <dd>{app.description || "No description."}</dd>
            <dt className="text-slate-500">Notes</dt>
            <dd className="whitespace-pre-wrap">{app.notes || "No notes."}</dd>
          </dl>
        )}
      </Section>
      <Section title="Visibility">
        {may("app.change_visibility") ? <VisibilityForm target={target} visibility={app.visibility} /> : <p className="text-sm">{app.visibility === "public" ? "Public" : "Private"}</p>}
      </Section>
      {transferTargets ? (
        <Section title="Transfer to an organization">
          <p className="text-sm text-slate-600">Move this personal app into an organization where you may create apps. Its ID stays the same; the organization then owns it.</p>
          <TransferAppForm target={target} appName={app.name} orgs={transferTargets} />
        </Section>
      ) : null}
      {grants.facts.collaboratorScopes !== null && app.ownerUserId !== user.id ? (
        <Section title="Your collaboration">
          <p className="text-sm text-slate-600">You collaborate on this app with {grants.facts.collaboratorScopes === NO_SCOPES ? "no scopes" : "the scopes the owner gave you"}.</p>
          <LeaveAppButton app={{ owner: app.ownerHandle, app: app.appId }} userHandle={user.handle} name={app.name} />
        </Section>
      ) : null}
      {may("app.delete") ? (
        <Section title="Delete app">
          <p className="text-sm text-slate-600">Deleting removes the app for everyone who reaches it.</p>
          <DeleteAppButton target={target} appId={app.appId} name={app.name} />
        </Section>
      ) : null}
    </div>
  );
}
