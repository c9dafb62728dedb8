import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/principal";
import { findOrganizationForMember } from "@/lib/services/organizations";

type Params = { params: Promise<{ ownerId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { ownerId } = await params;
  return { title: decodeURIComponent(ownerId) };
}

export default async function OwnerPage({ params }: Params) {
  const user = await requireUser();
  const ownerId = decodeURIComponent((await params).ownerId);
  if (ownerId.toLowerCase() === user.handle.toLowerCase()) redirect("/");
  // Outsiders get the same 404 as for an organization that does not exist.
  const org = await findOrganizationForMember(await getDb(), user.id, ownerId);
  if (!org) notFound();
  return (
    <div className="space-y-6">
      <div className="flex items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500">Organization · @{org.handle}</p>
          <h1 className="text-2xl font-semibold">{org.name}</h1>
        </div>
        <Link href={`/${encodeURIComponent(org.handle)}/settings/members`} className="text-sm font-medium text-brand-600 hover:underline">
          Organization settings
        </Link>
      </div>
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
          <dt className="text-sm text-slate-500">Your role</dt>
          <dd className="mt-1 font-medium">{org.role}</dd>
        </div>
        <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
          <dt className="text-sm text-slate-500">Members</dt>
          <dd className="mt-1 font-medium">{org.memberCount}</dd>
        </div>
        <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
          <dt className="text-sm text-slate-500">Created</dt>
          <dd className="mt-1 font-medium">{org.createdAt.toISOString().slice(0, 10)}</dd>
        </div>
      </dl>
    </div>
  );
}
