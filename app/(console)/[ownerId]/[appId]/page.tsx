import type { Metadata } from "next";
import Link from "next/link";
import { APP_OPERATION_SCOPES, SESSION, effectiveScopes, explainAccess } from "@/lib/authz";
import { appDataOverview, type AppDataOverview } from "@/lib/services/apps";
import { AppModels } from "./app-models";
import { loadApp, type AppParams } from "./load-app";

export async function generateMetadata({ params }: { params: AppParams }): Promise<Metadata> {
  const { appId } = await params;
  return { title: decodeURIComponent(appId) };
}

export default async function AppPage({ params }: { params: AppParams }) {
  const { ownerId, appId } = await params;
  const { app, grants, base, db, user } = await loadApp(ownerId, appId);
  const explanation = explainAccess(grants);
  const data = await appDataOverview(db, { app, grants });
  const scopes = effectiveScopes(grants, SESSION, new Date());
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <div>
          <p className="text-sm text-slate-500">
            <Link href={app.ownerOrgId ? `/${encodeURIComponent(app.ownerHandle)}` : "/"} className="hover:underline">
              {app.ownerName}
            </Link>{" "}
            · App · {app.visibility === "public" ? "Public" : "Private"}
          </p>
          <h1 className="text-2xl font-semibold">{app.name}</h1>
          <p className="text-sm text-slate-500">{app.appId}</p>
        </div>
        <Link href={`${base}/settings`} className="text-sm font-medium text-brand-600 hover:underline">
          App Settings
        </Link>
      </div>
      {app.description ? <p className="text-slate-700">{app.description}</p> : <p className="text-sm text-slate-500">No description yet.</p>}
      <section aria-labelledby="my-access" className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
        <h2 id="my-access" className="font-semibold">
          Your access
        </h2>
        <ul className="mt-2 list-inside list-disc text-sm text-slate-700">
          {explanation.layers.map((layer) => (
            <li key={layer.source}>{layer.source}</li>
          ))}
        </ul>
        <p className="mt-2 text-sm text-slate-600">
          {scopes.length === APP_OPERATION_SCOPES.length ? "Every operation scope." : scopes.length === 0 ? "No operation scope." : `${scopes.length} operation scopes: ${scopes.join(", ")}.`}
        </p>
      </section>
      <AppData data={data} />
      {data.models ? <AppModels app={app} userId={user.id} models={data.models.items} count={data.models.count} /> : null}
    </div>
  );
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

/** The app's data as far as the viewer may list it; kinds the viewer may not read are left out. */
function AppData({ data }: { data: AppDataOverview }) {
  const { inputs, concepts, annotations, models, workflows } = data;
  if (!inputs && !concepts && !annotations && !models && !workflows) return null;
  return (
    <section aria-labelledby="app-data" className="space-y-4 rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <h2 id="app-data" className="font-semibold">
        Data
      </h2>
      <ul aria-label="App data counts" className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-700">
        {inputs ? <li>{plural(inputs.count, "input", "inputs")}</li> : null}
        {concepts ? <li>{plural(concepts.count, "concept", "concepts")}</li> : null}
        {annotations ? <li>{plural(annotations.count, "annotation", "annotations")}</li> : null}
        {models ? <li>{plural(models.count, "model", "models")}</li> : null}
        {workflows ? <li>{plural(workflows.count, "workflow", "workflows")}</li> : null}
      </ul>
      {inputs && inputs.items.length > 0 ? (
        <div role="region" aria-label="Newest inputs" tabIndex={0} className="relative overflow-x-auto">
          <table aria-label="Newest inputs" className="w-full text-left text-sm">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1 pr-4 font-medium">Input</th>
                <th className="py-1 pr-4 font-medium">Content</th>
                <th className="py-1 font-medium">Concepts</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {inputs.items.map((input) => (
                <tr key={input.id}>
                  <td className="py-1 pr-4 font-mono text-xs">{input.id}</td>
                  <td className="max-w-xs truncate py-1 pr-4 text-slate-600" title={input.content}>
                    {input.kind}: {input.content}
                  </td>
                  <td className="py-1 text-slate-600">{input.concepts.join(", ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {concepts && concepts.items.length > 0 ? (
        <p className="text-sm text-slate-600">
          <span className="font-medium text-slate-700">Concepts:</span> {concepts.items.map((concept) => concept.name).join(", ")}
          {concepts.count > concepts.items.length ? ` and ${concepts.count - concepts.items.length} more` : ""}
        </p>
      ) : null}
      {models && models.items.length > 0 ? (
        <p className="text-sm text-slate-600">
          <span className="font-medium text-slate-700">Models:</span> {models.items.map((model) => `${model.name} (${model.type})`).join(", ")}
        </p>
      ) : null}
      {workflows && workflows.items.length > 0 ? (
        <p className="text-sm text-slate-600">
          <span className="font-medium text-slate-700">Workflows:</span> {workflows.items.map((workflow) => `${workflow.id} (${workflow.models.join(" → ")})`).join(", ")}
        </p>
      ) : null}
    </section>
  );
}
