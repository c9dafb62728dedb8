import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/principal";
import { AppList } from "@/components/apps/app-list";
import { CreateAppButton } from "@/components/apps/create-app-dialog";
import { Pagination, pageFromSearchParams } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { Time } from "@/components/ui/time";
import { evaluateAuditLogView, evaluateOrgCapability, ORG_ROLE_DESCRIPTIONS } from "@/lib/authz";
import { listReachableApps } from "@/lib/services/access";
import { opensCompute } from "@/lib/services/compute";
import { findOrganizationForMember } from "@/db/queries/organizations";

type Params = { params: Promise<{ ownerId: string }> };
const PAGE_SIZE = 20;

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { ownerId } = await params;
  return { title: decodeURIComponent(ownerId) };
}

export default async function OwnerPage({ params, searchParams }: Params & { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const ownerId = decodeURIComponent((await params).ownerId);
  if (ownerId.toLowerCase() === user.handle.toLowerCase()) redirect("/");
  // Outsiders get the same 404 as for an organization that does not exist.
  const org = await findOrganizationForMember(await getDb(), { userId: user.id, handle: ownerId });
  if (!org) notFound();
  const query = await searchParams;
  const q = typeof query.q === "string" ? query.q.slice(0, 100) : "";
  const page = pageFromSearchParams(query.page);
  const apps = await listReachableApps(await getDb(), user.id, { kind: "org", orgId: org.id, q, page, pageSize: PAGE_SIZE });
  const mayCreate = evaluateOrgCapability(org.role, "app.create").allowed;
  const base = `/${encodeURIComponent(org.handle)}`;
  // Where the member's role leads, one click away: the sections whose pages answer them (lib/authz
  // decides; the links are only hidden for the others, whose requests are refused anyway).
  const opensComputeSection = await opensCompute(await getDb(), { orgId: org.id, userId: user.id });
  const destinations = [
    ...(evaluateOrgCapability(org.role, "finance.view").allowed ? [{ href: `${base}/settings/costs`, label: "Costs", about: "spend, budgets and statements" }] : []),
    ...(opensComputeSection ? [{ href: `${base}/compute`, label: "Compute", about: "clusters, nodepools and deployments" }] : []),
    ...(opensComputeSection && evaluateOrgCapability(org.role, "clusters.usage").allowed ? [{ href: `${base}/compute/node-hours`, label: "Node-hours", about: "every nodepool's node-hours by month" }] : []),
    ...(evaluateAuditLogView(org.role).allowed ? [{ href: `${base}/settings/audit-log`, label: "Audit log", about: "who changed what" }] : []),
  ];
  const linkClass = "font-medium text-brand-600 hover:underline";
  const noApps = (
    <>
      No app of this organization is open to you. Apps reach you through your role or your teams.
      {destinations.length > 0 ? (
        <>
          {" "}
          As {org.role} you can open{" "}
          {destinations.map((destination, index) => (
            <span key={destination.href}>
              {index > 0 ? (index === destinations.length - 1 ? " and " : ", ") : null}
              <Link href={destination.href} className={linkClass}>
                {destination.label}
              </Link>{" "}
              ({destination.about})
            </span>
          ))}
          .
        </>
      ) : null}
    </>
  );
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <div>
          <p className="text-sm text-slate-500">Organization · @{org.handle}</p>
          <h1 className="text-2xl font-semibold">{org.name}</h1>
        </div>
        <nav aria-label="Organization" className="flex flex-wrap gap-x-4 gap-y-1">
          {destinations.map((destination) => (
            <Link key={destination.href} href={destination.href} className="text-sm font-medium text-brand-600 hover:underline">
              {destination.label}
            </Link>
          ))}
          <Link href={`/${encodeURIComponent(org.handle)}/settings/members`} className="text-sm font-medium text-brand-600 hover:underline">
            Organization settings
          </Link>
        </nav>
      </div>
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
          <dt className="text-sm text-slate-500">Your role</dt>
          <dd className="mt-1 font-medium">{org.role}</dd>
          <dd className="text-xs text-slate-500">{ORG_ROLE_DESCRIPTIONS[org.role]}</dd>
        </div>
        <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
          <dt className="text-sm text-slate-500">Members</dt>
          <dd className="mt-1 font-medium">{org.memberCount}</dd>
        </div>
        <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
          <dt className="text-sm text-slate-500">Created</dt>
          <dd className="mt-1 font-medium">
            <Time value={org.createdAt} />
          </dd>
        </div>
      </dl>
      <section aria-labelledby="org-apps-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="org-apps-heading" className="text-lg font-semibold">
            Apps
          </h2>
          {mayCreate ? <CreateAppButton owner={org.handle} ownerName={org.name} /> : null}
        </div>
        <SearchForm label="Search apps" defaultValue={q} />
        <AppList
          apps={apps.rows}
          label="Organization apps"
          empty={q ? `No app matches “${q}”.` : mayCreate ? "This organization has no apps yet. Create one with Create App." : noApps}
        />
        <Pagination basePath={base} params={{ q: q || undefined }} page={page} pageSize={PAGE_SIZE} total={apps.total} />
      </section>
    </div>
  );
}
