// An operation descriptor: one use case, declared once and served by every surface (server actions
// today, /v2 routes next). The runner (./runner.ts) does the rest in a fixed order: parse the input,
// resolve the tenant, open the transaction, lock, read the actor's authority inside it, decide
// through lib/authz, run, write the collected audit events and mail, commit, then dispatch the mail
// and revalidate the pages.
//
// Tenants, each named by one input shape everywhere:
// - "org":     `{ org: "<org handle>" }`: the actor must be a member (outsiders get not_found);
// - "app":     `{ owner: "<user or org handle>", app: "<app ID>" }`: the actor must reach the app;
// - "account": the actor's own account; nothing in the input names a tenant.
// - "public":  no principal at all (signing up, verifying an address through its emailed link).
import type { z } from "zod";
import type { Transaction } from "@/db/client";
import type { AppCapability, Credential, Decision, EndpointName, Grants, OrgCapability, OrgRole } from "@/lib/authz";
import type { OutgoingEmail } from "@/lib/mail/outbox";
import type { Failure, Result } from "@/lib/result";
import type { AppRecord } from "@/lib/services/access";
import type { AuditInput } from "@/db/queries/audit";

/**
 * Who acts: always derived on the server, never from the input. `credential` is the token or key
 * an API call came with (absent: a browser session, which carries the user's full grants).
 */
export type Principal = { userId: string; credential?: Credential };

/** How an input names an app tenant: the owner's handle and the app ID, as in the app's URL. */
export type AppTenantInput = { owner: string; app: string };

export type OrgTenant = { kind: "org"; orgId: string; handle: string };
export type AppTenant = { kind: "app"; app: AppRecord };
export type AccountTenant = { kind: "account" };
export type PublicTenant = { kind: "public" };

/** The actor's standing, read inside the operation's transaction. */
export type OrgAuthority = { role: OrgRole | null };
export type AppAuthority = { grants: Grants; orgRole: OrgRole | null };
export type AccountAuthority = Record<string, never>;

/**
 * An audit event as an operation records it: the runner adds the tenant, the client address and
 * the actor (the principal; a public operation names the account it acted for).
 */
export type OperationAuditEvent = Omit<AuditInput, "actorUserId" | "ip"> & { actorUserId?: string };

/** The authority each tenant kind reads (an account operation reads none). */
type AuthorityOf<Tenant> = Tenant extends OrgTenant ? OrgAuthority : Tenant extends AppTenant ? AppAuthority : AccountAuthority;

export type OperationContext<Tenant> = {
  tx: Transaction;
  principal: Principal;
  tenant: Tenant;
  /** The actor's standing as read inside this transaction, on which `authorize` decided. */
  authority: AuthorityOf<Tenant>;
  /** Written in the same transaction, after `run` succeeds (org and app filled in from the tenant). */
  audit(event: OperationAuditEvent): void;
  /** Queued in the outbox in the same transaction; sent only after commit. */
  mail(email: OutgoingEmail): void;
};

type Common<Input, Output, Tenant> = {
  /** `resource.verb`, e.g. `teams.create`; names the operation in logs. */
  name: string;
  /** The operation's own fields; the tenant's fields are parsed by the runner. */
  input: z.ZodType<Input>;
  run(context: OperationContext<Tenant>, input: Input): Promise<Result<Output>>;
  /** A read changes nothing: the runner takes no row locks and skips revalidation. */
  readOnly?: boolean;
  /** A failure for a unique violation the database reports, by constraint name. */
  conflicts?: Record<string, Failure>;
  /** Pages to revalidate after a change, instead of the tenant's (e.g. none when the URL moved). */
  revalidate?: (tenant: Tenant, output: Output) => Array<{ path: string; type?: "layout" | "page" }>;
};

export type OrgOperation<Input, Output> = Common<Input, Output, OrgTenant> & {
  tenant: "org";
  /**
   * "organization": lock the organization row for update before reading authority, serializing
   * every change of that kind (membership changes: "an org keeps one Admin" spans rows).
   */
  lock?: "organization";
  /** What lib/authz must allow, decided from the authority read inside the transaction. */
  authorize: { capability: OrgCapability } | ((authority: OrgAuthority, input: Input) => Decision);
};

export type AppOperation<Input, Output> = Common<Input, Output, AppTenant> & {
  tenant: "app";
  /**
   * A capability of the console; or `endpoint`: the operation IS that API method, decided as a
   * call of it with the principal's credential (a browser session carries the full grants); or
   * a decision of its own.
   */
  authorize:
    | { capability: AppCapability }
    | { endpoint: EndpointName; /** A search by image, crop or similarity (then Predict is needed too). */ visualQuery?: (input: Input) => boolean }
    | ((authority: AppAuthority, input: Input, tenant: AppTenant) => Decision);
};

/** What an account operation's `run` receives: its context plus what `prepare` computed. */
export type AccountContext<Prepared> = OperationContext<AccountTenant> & { prepared: Prepared };

export type AccountOperation<Input, Output, Prepared = undefined> = Omit<Common<Input, Output, AccountTenant>, "run"> & {
  tenant: "account";
  /** Account operations act on the actor's own data; anything further is decided inside `run`'s reads. */
  authorize: "self";
  /** Slow CPU work on the input (hashing a new password), done before the transaction opens. */
  prepare?: (input: Input) => Promise<Prepared>;
  run(context: AccountContext<Prepared>, input: Input): Promise<Result<Output>>;
};

/** What a public operation's `run` receives: no principal and no authority. */
export type PublicContext<Prepared> = Omit<OperationContext<PublicTenant>, "principal" | "authority"> & { prepared: Prepared };

export type PublicOperation<Input, Output, Prepared = undefined> = Omit<Common<Input, Output, PublicTenant>, "run"> & {
  tenant: "public";
  authorize: "anyone";
  /** Slow CPU work on the input (hashing a password), done before the transaction opens. */
  prepare?: (input: Input) => Promise<Prepared>;
  run(context: PublicContext<Prepared>, input: Input): Promise<Result<Output>>;
};

export type Operation<Input, Output> =
  | OrgOperation<Input, Output>
  | AppOperation<Input, Output>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the runner treats what `prepare` returns opaquely
  | AccountOperation<Input, Output, any>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the runner treats what `prepare` returns opaquely
  | PublicOperation<Input, Output, any>;

export function defineOrgOperation<Input, Output>(operation: Omit<OrgOperation<Input, Output>, "tenant">): OrgOperation<Input, Output> {
  return { ...operation, tenant: "org" };
}

export function defineAppOperation<Input, Output>(operation: Omit<AppOperation<Input, Output>, "tenant">): AppOperation<Input, Output> {
  return { ...operation, tenant: "app" };
}

export function defineAccountOperation<Input, Output, Prepared = undefined>(
  operation: Omit<AccountOperation<Input, Output, Prepared>, "tenant" | "authorize">,
): AccountOperation<Input, Output, Prepared> {
  return { ...operation, tenant: "account", authorize: "self" };
}

export function definePublicOperation<Input, Output, Prepared = undefined>(
  operation: Omit<PublicOperation<Input, Output, Prepared>, "tenant" | "authorize">,
): PublicOperation<Input, Output, Prepared> {
  return { ...operation, tenant: "public", authorize: "anyone" };
}
