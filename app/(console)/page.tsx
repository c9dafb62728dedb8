import Link from "next/link";
import { getDb } from "@/db/client";
import { AppList } from "@/components/apps/app-list";
import { CreateAppButton } from "@/components/apps/create-app-dialog";
import { Pagination, pageFromSearchParams } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { requireUser } from "@/lib/auth/principal";
import { listReachableApps, type AppListKind } from "@/lib/services/access";
import { listMyOrganizations } from "@/db/queries/organizations";

const PAGE_SIZE = 20;
const LISTS: { kind: Exclude<AppListKind, "all">; label: string; empty: string }[] = [
  { kind: "own", label: "Your apps", empty: "You have no personal apps yet. Create one with Create App." },
  { kind: "org", label: "Organization apps", empty: "No app of your organizations is open to you." },
  { kind: "shared", label: "Shared with you", empty: "Nobody has added you as a collaborator on an app yet." },
];

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function HomePage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const db = await getDb();
  const params = await searchParams;
  const list = LISTS.find((entry) => entry.kind === params.list) ?? LISTS[0]!;
  const q = typeof params.q === "string" ? params.q.slice(0, 100) : "";
  const page = pageFromSearchParams(params.page);
  const [orgs, apps, counts] = await Promise.all([
    listMyOrganizations(db, { userId: user.id }),
    listReachableApps(db, user.id, { kind: list.kind, q, page, pageSize: PAGE_SIZE }),
    Promise.all(LISTS.map((entry) => listReachableApps(db, user.id, { kind: entry.kind, pageSize: 1 }).then((r) => r.total))),
  ]);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Welcome, {user.name}</h1>
        <p className="mt-1 text-sm text-slate-600">Signed in as @{user.handle}.</p>
      </div>
      <section aria-labelledby="apps-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="apps-heading" className="text-lg font-semibold">
            Apps
          </h2>
          <CreateAppButton owner="" ownerName={`you (@${user.handle})`} />
        </div>
        <nav aria-label="App lists" className="flex gap-1 border-b border-slate-200">
          {LISTS.map((entry, index) => (
            <Link
              key={entry.kind}
              href={entry.kind === "own" ? "/" : `/?list=${entry.kind}`}
              aria-current={entry.kind === list.kind ? "page" : undefined}
              className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${entry.kind === list.kind ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {entry.label} ({counts[index]})
            </Link>
          ))}
        </nav>
        <SearchForm label="Search apps" defaultValue={q} hidden={list.kind === "own" ? {} : { list: list.kind }} />
        <AppList apps={apps.rows} label={list.label} empty={q ? `No app matches “${q}”.` : list.empty} />
        <Pagination basePath="/" params={{ list: list.kind === "own" ? undefined : list.kind, q: q || undefined }} page={page} pageSize={PAGE_SIZE} total={apps.total} />
      </section>
      <section aria-labelledby="orgs-heading" className="space-y-3">
        <h2 id="orgs-heading" className="text-lg font-semibold">
          Your organizations
        </h2>
        {orgs.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
            <p className="font-medium">You are not in any organization yet.</p>
            <p className="mt-1 text-sm text-slate-600">
              Create one from the account menu at the top left, or accept an invitation when someone invites you.
            </p>
          </div>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200">
            {orgs.map((org) => (
              <li key={org.id}>
                <Link href={`/${encodeURIComponent(org.handle)}`} className="flex items-center justify-between px-4 py-3 hover:bg-slate-50">
                  <span className="font-medium">{org.name}</span>
                  <span className="text-sm text-slate-500">{org.role}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
