import type { Metadata } from "next";
import Link from "next/link";
import { SESSION, effectiveScopes, explainAccess } from "@/lib/authz";
import { loadApp, type AppParams } from "./load-app";

export async function generateMetadata({ params }: { params: AppParams }): Promise<Metadata> {
  const { appId } = await params;
  return { title: decodeURIComponent(appId) };
}

export default async function AppPage({ params }: { params: AppParams }) {
  const { ownerId, appId } = await params;
  const { app, grants, base } = await loadApp(ownerId, appId);
  const explanation = explainAccess(grants);
  const scopes = effectiveScopes(grants, SESSION, new Date());
  return (
    <div className="space-y-6">
      <div className="flex items-start justify-between gap-4">
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
          {scopes.length === 32 ? "Every operation scope." : scopes.length === 0 ? "No operation scope." : `${scopes.length} operation scopes: ${scopes.join(", ")}.`}
        </p>
      </section>
    </div>
  );
}
