// The one runner every operation goes through (see ./operation.ts for the order of its steps).
// Authority is read inside the transaction, after the lock, so a demotion that commits first is
// always seen, and one that commits later waits for this change (the membership row is shared-locked).
import { and, eq } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb, type Database, type Transaction } from "@/db/client";
import { memberships } from "@/db/schema";
import { evaluateOrgCapability, type Decision } from "@/lib/authz";
import { dispatchOutbox } from "@/lib/mail/dispatcher";
import { enqueueEmail, type OutgoingEmail } from "@/lib/mail/outbox";
import { fail, ok, type Result } from "@/lib/result";
import { recordAudit } from "@/lib/services/audit";
import { findOrganizationForMember } from "@/lib/services/organizations";
import { isUniqueViolation, runInTransaction } from "@/lib/services/transaction";
import { invalidInput } from "@/lib/validation/form";
import { deniedFailure, TENANT_NOT_FOUND } from "./failures";
import type { OperationAuditEvent, OrgAuthority, OrgOperation, OrgTenant, Principal } from "./operation";

export type RunEnvironment = {
  /** Defaults to the process-wide database. */
  db?: Database;
  ip?: string | null;
  /** Adapters serving a request revalidate the tenant's pages after a change; direct callers do not. */
  revalidate?: boolean;
};

const orgTenantInput = z.object({ org: z.string({ error: "Missing organization." }).trim().min(1, "Missing organization.").max(64) });

async function resolveOrgTenant(db: Database, principal: Principal, raw: unknown): Promise<Result<OrgTenant>> {
  const parsed = orgTenantInput.safeParse(raw);
  if (!parsed.success) return fail("invalid_input", "Missing organization.");
  const org = await findOrganizationForMember(db, principal.userId, parsed.data.org);
  if (!org) return fail("not_found", TENANT_NOT_FOUND.org);
  return ok({ kind: "org", orgId: org.id, handle: org.handle });
}

async function readOrgAuthority(tx: Transaction, principal: Principal, tenant: OrgTenant): Promise<OrgAuthority> {
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, tenant.orgId), eq(memberships.userId, principal.userId)))
    .for("share");
  return { role: row?.role ?? null };
}

function decide<Input>(operation: OrgOperation<Input, unknown>, authority: OrgAuthority, input: Input): Decision {
  const { authorize } = operation;
  return typeof authorize === "function" ? authorize(authority, input) : evaluateOrgCapability(authority.role, authorize.capability);
}

/** Runs an org-scoped operation for `principal` on the raw (unvalidated) input. */
export async function runOperation<Input, Output>(
  operation: OrgOperation<Input, Output>,
  principal: Principal,
  raw: unknown,
  environment: RunEnvironment = {},
): Promise<Result<Output>> {
  const parsed = operation.input.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const db = environment.db ?? (await getDb());
  const tenant = await resolveOrgTenant(db, principal, raw);
  if (!tenant.ok) return tenant;

  const events: OperationAuditEvent[] = [];
  const outgoing: OutgoingEmail[] = [];
  let result: Result<Output>;
  try {
    result = await runInTransaction(db, async (tx) => {
      const authority = await readOrgAuthority(tx, principal, tenant.data);
      const decision = decide(operation, authority, parsed.data);
      if (!decision.allowed) return deniedFailure(decision);
      const outcome = await operation.run(
        { tx, principal, tenant: tenant.data, audit: (event) => events.push(event), mail: (email) => outgoing.push(email) },
        parsed.data,
      );
      if (!outcome.ok) return outcome;
      for (const event of events) {
        await recordAudit(tx, { ...event, actorUserId: principal.userId, orgId: tenant.data.orgId, ip: environment.ip ?? null });
      }
      for (const email of outgoing) await enqueueEmail(tx, email);
      return outcome;
    });
  } catch (error) {
    const conflict = Object.entries(operation.conflicts ?? {}).find(([constraint]) => isUniqueViolation(error, constraint));
    if (conflict) return conflict[1];
    throw error;
  }

  if (result.ok) {
    if (outgoing.length > 0) dispatchOutbox();
    if (environment.revalidate && !operation.readOnly) revalidatePath(`/${tenant.data.handle}`, "layout");
  }
  return result;
}
