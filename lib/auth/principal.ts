import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getToken } from "next-auth/jwt";
import { getDb } from "@/db/client";
import { findSignedInAccount, type AccountSummary } from "@/lib/services/accounts";
import { authSecret } from "./secret";

/**
 * The session token of this request, as next-auth issued it. Read from cookies() rather than
 * through next-auth's auth(), which reads the request's Cookie header: when a server action
 * re-issues the token (lib/auth renewSession), the page rendered into that action's response
 * sees the new token in cookies() but still the old one in the headers — and the old one has
 * just been ended. Only cookies are read: an Authorization header is the API's, never a session.
 */
async function sessionOfRequest(): Promise<{ userId: string; sessionVersion: number } | null> {
  const jar = await cookies();
  const headers = new Headers({ cookie: jar.getAll().map(({ name, value }) => `${name}=${value}`).join("; ") });
  // next-auth names the cookie `__Secure-…` when the console is served over HTTPS.
  for (const secureCookie of [true, false]) {
    const token = await getToken({ req: { headers }, secret: authSecret(), secureCookie });
    if (token?.sub) return { userId: token.sub, sessionVersion: typeof token.ver === "number" ? token.ver : 0 };
  }
  return null;
}

/**
 * The signed-in user, read fresh from the database (once per request); null when anonymous or
 * when the session was ended since its token was issued (its session version is behind the
 * account's). Every page and action asks here, so an ended session ends on its next request.
 */
export const currentUser = cache(async (): Promise<AccountSummary | null> => {
  const session = await sessionOfRequest();
  if (!session) return null;
  return findSignedInAccount(await getDb(), session);
});

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(): Promise<AccountSummary> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}
