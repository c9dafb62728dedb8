// Tests run operations as a given user, straight through the runner (no session, no revalidation).

import type { Database } from "@/db/client";
import type { Credential } from "@/lib/authz";
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

/** Runs an operation as an API call would: the user acting through `credential` (a token or key). */
export function runWithCredential<Input, Output>(db: Database, operation: Operation<Input, Output>, userId: string, credential: Credential, input: unknown): Promise<Result<Output>> {
  return runOperation(operation, { userId, credential }, input, { db });
}
