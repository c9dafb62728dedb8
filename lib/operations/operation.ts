// An operation descriptor: one use case, declared once and served by every surface (server actions
// today, /v2 routes next). The runner (./runner.ts) does the rest in a fixed order: parse the input,
// resolve the tenant, open the transaction, lock, read the actor's authority inside it, decide
// through lib/authz, run, write the collected audit events and mail, commit, then dispatch the mail
// and revalidate the pages.
import type { z } from "zod";
import type { Transaction } from "@/db/client";
import type { Decision, OrgCapability, OrgRole } from "@/lib/authz";
import type { OutgoingEmail } from "@/lib/mail/outbox";
import type { Failure, Result } from "@/lib/result";
import type { AuditInput } from "@/lib/services/audit";

/** Who acts: always derived on the server (session or credential), never from the input. */
export type Principal = { userId: string };

/** The organization an org-scoped operation acts in, resolved from the `org` handle in the input. */
export type OrgTenant = { kind: "org"; orgId: string; handle: string };

/** The actor's standing in an org, read inside the operation's transaction. */
export type OrgAuthority = { role: OrgRole | null };

/** An audit event as an operation records it: the runner adds actor, tenant and client address. */
export type OperationAuditEvent = Omit<AuditInput, "actorUserId" | "orgId" | "ip">;

export type OperationContext<Tenant> = {
  tx: Transaction;
  principal: Principal;
  tenant: Tenant;
  /** Written in the same transaction, after `run` succeeds. */
  audit(event: OperationAuditEvent): void;
  /** Queued in the outbox in the same transaction; sent only after commit. */
  mail(email: OutgoingEmail): void;
};

export type OrgOperation<Input, Output> = {
  /** `resource.verb`, e.g. `teams.create`; names the operation in logs. */
  name: string;
  tenant: "org";
  /** The operation's own fields; the runner adds the tenant field `org`. */
  input: z.ZodType<Input>;
  /** What lib/authz must allow, decided from the authority read inside the transaction. */
  authorize: { capability: OrgCapability } | ((authority: OrgAuthority, input: Input) => Decision);
  run(context: OperationContext<OrgTenant>, input: Input): Promise<Result<Output>>;
  /** A read changes nothing: the runner skips revalidation (and it records no audit events). */
  readOnly?: boolean;
  /** A failure for a unique violation the database reports on commit, by constraint name. */
  conflicts?: Record<string, Failure>;
};

export type Operation<Input, Output> = OrgOperation<Input, Output>;

export function defineOrgOperation<Input, Output>(operation: Omit<OrgOperation<Input, Output>, "tenant">): OrgOperation<Input, Output> {
  return { ...operation, tenant: "org" };
}
