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
      <Header user={user} orgs={orgs.map(({ handle, name, role }) => ({ handle, name, role }))} />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
