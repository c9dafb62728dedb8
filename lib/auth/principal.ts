import { cache } from "react";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { findAccount, type AccountSummary } from "@/lib/services/accounts";
import { auth } from "./index";

/** The signed-in user, read fresh from the database (once per request); null when anonymous. */
export const currentUser = cache(async (): Promise<AccountSummary | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  return findAccount(await getDb(), userId);
});

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(): Promise<AccountSummary> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}
