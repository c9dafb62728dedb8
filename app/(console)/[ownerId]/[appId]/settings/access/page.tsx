import Link from "next/link";
import { forbidden } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Pagination, pageFromSearchParams } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { APP_OPERATION_SCOPES, evaluateAppCapability } from "@/lib/authz";
import { listAppAccess } from "@/lib/services/access";
import { loadApp, type AppParams } from "../../load-app";

const PAGE_SIZE = 25;

export default async function WhoHasAccessPage({ params, searchParams }: { params: AppParams; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ownerId, appId } = await params;
  const { app, grants, db, base } = await loadApp(ownerId, appId);
  if (!evaluateAppCapability(grants, "app.view_collaborators").allowed) forbidden();
  const query = await searchParams;
  const q = typeof query.q === "string" ? query.q.trim().slice(0, 100).toLowerCase() : "";
  const page = pageFromSearchParams(query.page);
  const everyone = await listAppAccess(db, app, new Date());
  const matching = q ? everyone.filter((e) => e.name.toLowerCase().includes(q) || e.handle.toLowerCase().includes(q) || e.email.includes(q)) : everyone;
  const shown = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  return (
    <section aria-labelledby="access-heading" className="space-y-3">
      <h2 id="access-heading" className="text-lg font-semibold">
        Who has access
      </h2>
      <p className="text-sm text-slate-600">Everyone who reaches this app, through which path, and the operation scopes they hold here.</p>
      <SearchForm label="Search people" defaultValue={q} />
      {shown.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="text-sm text-slate-600">{q ? `Nobody with access matches “${q}”.` : "Nobody has access to this app."}</p>
        </div>
      ) : (
        // Sorting reorders the page shown; the server pages through people in the order of the access list.
        <DataTable
          label="Who has access"
          columns={[
            { id: "person", header: "Person", sortable: true, rowHeader: true, className: "align-top font-normal" },
            { id: "through", header: "Through", className: "align-top" },
            { id: "scopes", header: "Effective scopes", sortable: true, className: "align-top" },
            { id: "actions", header: "Actions", hideHeader: true, align: "right", className: "align-top whitespace-nowrap" },
          ]}
          rows={shown.map((entry) => ({
            id: entry.userId,
            sortValues: { person: entry.name, scopes: entry.effectiveScopes.length },
            cells: {
              person: (
                <>
                  {entry.name}
                  <span className="block text-slate-500">@{entry.handle}</span>
                </>
              ),
              through: (
                <ul>
                  {entry.layers.map((layer) => (
                    <li key={layer.source}>
                      {layer.source}
                      {layer.layer === "collaborator" && layer.endpoints !== "all" ? (
                        <span className="block text-xs text-slate-500">
                          Only on {layer.endpoints.length ? layer.endpoints.map((name) => name.replace("/clarifai.api.V2/", "")).join(", ") : "no endpoint"}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ),
              scopes: entry.effectiveScopes.length === APP_OPERATION_SCOPES.length ? `All ${APP_OPERATION_SCOPES.length} scopes` : entry.effectiveScopes.length === 0 ? "None" : entry.effectiveScopes.join(", "),
              actions: (
                <Link href={`${base}/settings/explain?user=${encodeURIComponent(entry.handle)}`} aria-label={`Explain the access of ${entry.name}`} className={buttonClass("ghost")}>
                  Explain
                </Link>
              ),
            },
          }))}
        />
      )}
      <Pagination basePath={`${base}/settings/access`} params={{ q: q || undefined }} page={page} pageSize={PAGE_SIZE} total={matching.length} />
    </section>
  );
}
