import Link from "next/link";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/principal";
import { listMyOrganizations } from "@/lib/services/organizations";

export default async function HomePage() {
  const user = await requireUser();
  const orgs = await listMyOrganizations(await getDb(), user.id);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Welcome, {user.name}</h1>
        <p className="mt-1 text-sm text-slate-600">Signed in as @{user.handle}.</p>
      </div>
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
