import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { getDb, type Database } from "@/db/client";
import { describeErrorSafely } from "@/db/errors";
import { clientIp } from "@/lib/auth/client-ip";
import { currentUser } from "@/lib/auth/principal";
import type { Operation, PublicOperation } from "@/lib/operations/operation";
import { runOperation } from "@/lib/operations/runner";
import { fail, type Result } from "@/lib/result";
import type { AccountSummary } from "@/lib/services/accounts";

export type ActionContext = { db: Database; ip: string };
export type AuthedActionContext = ActionContext & { user: AccountSummary };

async function context(): Promise<ActionContext> {
  return { db: await getDb(), ip: clientIp(await headers()) };
}

function internal(error: unknown): Result<never> {
  unstable_rethrow(error); // redirects and notFound pass through
  console.error(`[action] unexpected failure: ${describeErrorSafely(error, { stack: true })}`);
  return fail("internal", "Something went wrong on our side. Nothing was changed; please try again.");
}

/** The session's user, derived on the server (never from the input), handed to `handler`. */
function authedAction<T>(handler: (input: unknown, ctx: AuthedActionContext) => Promise<Result<T>>) {
  return async (input: unknown): Promise<Result<T>> => {
    try {
      const user = await currentUser();
      if (!user) return fail("unauthenticated", "Your session has ended. Sign in again to continue.");
      return await handler(input, { ...(await context()), user });
    } catch (error) {
      return internal(error);
    }
  };
}

/**
 * The server-action adapter over an operation descriptor: the session's user is the principal;
 * everything else (tenant, authority, transaction, audit, mail, revalidation) is the runner's.
 */
export function action<Input, Output>(operation: Operation<Input, Output>) {
  return authedAction((input, { db, user, ip }) => runOperation(operation, { userId: user.id }, input, { db, ip, serving: true, revalidate: revalidatePath }));
}

/** The adapter for operations anyone may call (signing up, verifying an address): no principal. */
export function publicAction<Input, Output>(operation: PublicOperation<Input, Output, unknown>) {
  return async (input: unknown): Promise<Result<Output>> => {
    try {
      const { db, ip } = await context();
      return await runOperation(operation, null, input, { db, ip, serving: true, revalidate: revalidatePath });
    } catch (error) {
      return internal(error);
    }
  };
}
