// Tests run operations as a given user, straight through the runner (no session, no revalidation).

import type { Database } from "@/db/client";
import type { Result } from "@/lib/result";
import type { Operation } from "./operation";
import { runOperation } from "./runner";

export function runAs<Input, Output>(db: Database, operation: Operation<Input, Output>, userId: string, input: unknown, ip?: string): Promise<Result<Output>> {
  return runOperation(operation, { userId }, input, { db, ip });
}

/** Runs a public operation (no one signed in). */
export function runPublic<Input, Output>(db: Database, operation: Operation<Input, Output>, input: unknown, ip?: string): Promise<Result<Output>> {
  return runOperation(operation, null, input, { db, ip });
}
