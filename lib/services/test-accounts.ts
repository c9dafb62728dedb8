// Test setup: accounts as people who signed up and clicked their verification link.

import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { signUp } from "@/lib/operations/accounts";
import { runPublic } from "@/lib/operations/testing";

/** Signs `name` up as `<name>@example.test` with its address verified; returns the user id. */
export async function signUpVerified(db: Database, name: string, { verified = true }: { verified?: boolean } = {}): Promise<string> {
  const result = await runPublic(db, signUp, { handle: name, name, email: `${name}@example.test`, password: "long-enough-1" });
  if (!result.ok) throw new Error(`setup failed for ${name}: ${result.message}`);
  const userId = await userIdByEmail(db, result.data.email);
  if (verified) await db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, userId));
  return userId;
}

/** The id of the account using `email` (sign-up does not say it: its answer is the same for a taken address). */
export async function userIdByEmail(db: Database, email: string): Promise<string> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!user) throw new Error(`no account uses ${email}`);
  return user.id;
}
