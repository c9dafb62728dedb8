// Tests run operations as a given user, straight through the runner (no session, no revalidation),
// and share the fixtures of the API's operation tests.

import type { Database } from "@/db/client";
import { apps } from "@/db/schema";
import { ALL_SCOPES, scopeSet, type Credential, type OperationScope } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { signUpVerified } from "@/lib/services/test-accounts";
import type { Result } from "@/lib/result";
import type { AppTenantInput, Operation } from "./operation";
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

/** A personal access token on every endpoint with these scopes (none named: every scope). */
export function patWith(...scopes: OperationScope[]): Credential {
  return { kind: "pat", operationScopes: scopes.length > 0 ? scopeSet(...scopes) : ALL_SCOPES, endpointScopes: "all" };
}

/** The apps the API's tests work on: "vision", and "other" for isolation, both owned by the user "owner". */
export const VISION: AppTenantInput = { owner: "owner", app: "vision" };
export const OTHER: AppTenantInput = { owner: "owner", app: "other" };

export async function ownerWithTwoApps(db: Database): Promise<{ owner: string; visionRef: string; otherRef: string }> {
  const owner = await signUpVerified(db, "owner");
  const visionRef = newId("app");
  const otherRef = newId("app");
  await db.insert(apps).values([
    { id: visionRef, ownerUserId: owner, appId: VISION.app, name: "Vision" },
    { id: otherRef, ownerUserId: owner, appId: OTHER.app, name: "Other" },
  ]);
  return { owner, visionRef, otherRef };
}
