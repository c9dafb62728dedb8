import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { Header } from "@/components/shell/header";
import { requireUser } from "@/lib/auth/principal";
import { listMyOrganizations } from "@/db/queries/organizations";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const orgs = await listMyOrganizations(await getDb(), { userId: user.id });
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-brand-700 focus:shadow-lg focus:ring-2 focus:ring-brand-600"
      >
        Skip to main content
      </a>
      <Header user={user} orgs={orgs.map(({ handle, name, role }) => ({ handle, name, role }))} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none">
        {children}
      </main>
    </>
  );
}
