// The one runner every operation goes through (see ./operation.ts for the order of its steps).
// Authority is read inside the transaction, after the locks, so a demotion that commits first is
// always seen, and one that commits later waits for this change (the actor's membership and
// collaborator rows are share-locked; a changed app row is locked for update).
import { z } from "zod";
import { getDb, type Database, type Transaction } from "@/db/client";
import { lockOrganization, shareLockMembership } from "@/db/queries/tenant-locks";
import { SESSION, evaluateAccountEndpoint, evaluateAppCapability, evaluateEndpoint, evaluateOrgCapability, evaluateOrgEndpoint, type Decision, type EndpointName } from "@/lib/authz";
import { dispatchOutbox } from "@/lib/mail/dispatcher";
import { enqueueEmail, type OutgoingEmail } from "@/lib/mail/outbox";
import { fail, ok, type Result } from "@/lib/result";
import { lockedAppAccess, resolveAppByIdForUser, type AppAccess } from "@/lib/services/access";
import { handleKey } from "@/lib/validation/common";
import { recordAudit } from "@/db/queries/audit";
import { findAppByPath } from "@/db/queries/app-access";
import { findOrganizationForMember } from "@/db/queries/organizations";
import { isUniqueViolation, runInTransaction } from "@/lib/services/transaction";
import { invalidInput } from "@/lib/validation/form";
import { deniedFailure, TENANT_NOT_FOUND } from "./failures";
import type { AccountAuthority, AccountTenant, AppAuthority, AppTenant, Operation, OperationAuditEvent, OperationContext, OrgAuthority, OrgTenant, Principal, PublicTenant } from "./operation";

export type RunEnvironment = {
  /** Defaults to the process-wide database. */
  db?: Database;
  /** An API call: the endpoint it is, decided for the principal's credential on top of the operation's own rule. */
  endpoint?: EndpointName;
  ip?: string | null;
  /**
   * Set by the adapters serving a request: after commit, queued mail is dispatched. Direct callers
   * (tests, seeding) do not; they run on a database of their own and deliver its mail themselves.
   */
  serving?: boolean;
  /**
   * After a committed change, told each page of the tenant that shows it: the server actions' adapter
   * has Next.js revalidate them. The API's has no pages to refresh (every page is rendered per request).
   */
  revalidate?: (path: string, type: "page" | "layout" | undefined) => void;
  /** Told the tenant once the principal is authorized (the API meters allowed calls by it). */
  onAuthorized?: (tenant: Tenant) => void;
  /**
   * The app the request names with the principal's access to it, as the adapter already read it
   * (the API reads it in the statement that authenticates the call); null: no such app, or no
   * access. The runner then does not look the app up again: a read is decided on this access, and
   * a change locks and reads it afresh inside its transaction.
   */
  appAccess?: AppAccess | null;
};

type Tenant = OrgTenant | AppTenant | AccountTenant | PublicTenant;
type Authority = OrgAuthority | AppAuthority | AccountAuthority;

const handleField = z.string().trim().min(1).max(64);
const orgTenantInput = z.object({ org: handleField });
const appTenantInput = z.object({ owner: handleField, app: z.string().trim().min(1).max(64) });

async function resolveTenant(db: Database, principal: Principal, kind: Exclude<Operation<unknown, unknown>["tenant"], "public">, raw: unknown): Promise<Result<Tenant>> {
  if (kind === "account") return ok({ kind: "account" });
  if (kind === "org") {
    const parsed = orgTenantInput.safeParse(raw);
    if (!parsed.success) return fail("invalid_input", "Missing organization.");
    const org = await findOrganizationForMember(db, { userId: principal.userId, handle: parsed.data.org });
    if (!org) return fail("not_found", TENANT_NOT_FOUND.org);
    return ok({ kind: "org", orgId: org.id, handle: org.handle });
  }
  const parsed = appTenantInput.safeParse(raw);
  if (!parsed.success) return fail("invalid_input", "Missing app.");
  // Only which app: whether the principal reaches it is read, once, inside the transaction
  // (an app they cannot reach is not found there, with the same answer).
  const app = await findAppByPath(db, { ownerHandleKey: handleKey(parsed.data.owner), appId: parsed.data.app });
  if (!app) return fail("not_found", TENANT_NOT_FOUND.app);
  return ok({ kind: "app", app });
}

/**
 * Locks, reads the actor's authority and asks lib/authz. Returns the tenant as read inside the
 * transaction (an app may have been renamed or moved since the request resolved it) and the
 * authority the decision was made on, which `run` receives too.
 */
async function authorize<Input>(
  tx: Transaction,
  operation: Operation<Input, unknown>,
  principal: Principal | null,
  tenant: Tenant,
  input: Input,
  endpoint: EndpointName | undefined,
  readAccess?: AppAccess,
): Promise<Result<{ tenant: Tenant; authority: Authority }>> {
  if (operation.tenant === "account" && principal && endpoint) {
    // An account-level API method: decided for the credential alone (app keys are refused).
    const call = evaluateAccountEndpoint(principal.credential ?? SESSION, endpoint, { now: new Date() });
    if (!call.allowed) return deniedFailure(call);
  }
  if (operation.tenant === "account" || operation.tenant === "public" || tenant.kind === "account" || tenant.kind === "public") return ok({ tenant, authority: {} });
  if (!principal) return fail("unauthenticated", SESSION_ENDED);
  if (operation.tenant === "org" && tenant.kind === "org") {
    if (operation.lock === "organization") {
      if (!(await lockOrganization(tx, { orgId: tenant.orgId }))) return fail("not_found", TENANT_NOT_FOUND.org);
    }
    const role = await shareLockMembership(tx, { orgId: tenant.orgId, userId: principal.userId });
    const { authorize: rule } = operation;
    const decision: Decision = typeof rule === "function" ? rule({ role }, input) : evaluateOrgCapability(role, rule.capability);
    return decision.allowed ? ok({ tenant, authority: { role } }) : deniedFailure(decision);
  }
  if (operation.tenant === "app" && tenant.kind === "app") {
    // A change locks what the actor's access rests on; a read has nothing to protect and reads it as it is.
    const access = !operation.readOnly
      ? await lockedAppAccess(tx, principal.userId, tenant.app.id)
      : (readAccess ?? (await resolveAppByIdForUser(tx, principal.userId, tenant.app.id)));
    if (!access) return fail("not_found", TENANT_NOT_FOUND.app);
    const current: AppTenant = { kind: "app", app: access.app };
    const { authorize: rule } = operation;
    const authority = { grants: access.grants, orgRole: access.orgRole };
    const credential = principal.credential ?? SESSION;
    const decision =
      typeof rule === "function"
        ? rule(authority, input, current)
        : "endpoint" in rule
          ? evaluateEndpoint(access.grants, credential, rule.endpoint, { now: new Date(), visualQuery: rule.visualQuery?.(input) ?? false })
          : evaluateAppCapability(access.grants, rule.capability);
    if (!decision.allowed) return deniedFailure(decision, "app");
    if (endpoint) {
      const call = evaluateEndpoint(access.grants, credential, endpoint, { now: new Date() });
      if (!call.allowed) return deniedFailure(call, "app");
    }
    return ok({ tenant: current, authority });
  }
  throw new TypeError(`operation ${operation.name} was given a ${tenant.kind} tenant`);
}

function auditScope(tenant: Tenant): Pick<OperationAuditEvent, "orgId" | "appId"> {
  if (tenant.kind === "org") return { orgId: tenant.orgId };
  if (tenant.kind === "app") return { orgId: tenant.app.ownerOrgId, appId: tenant.app.id };
  return {};
}

function tenantPages(tenant: Tenant): Array<{ path: string; type?: "layout" | "page" }> {
  if (tenant.kind === "public") return [];
  if (tenant.kind === "org") return [{ path: `/${tenant.handle}`, type: "layout" }];
  if (tenant.kind === "app") return [{ path: `/${tenant.app.ownerHandle}/${tenant.app.appId}`, type: "layout" }, { path: "/", type: "page" }];
  return [{ path: "/", type: "layout" }];
}

const SESSION_ENDED = "Your session has ended. Sign in again to continue.";

/** Where a step runs: an app (by its internal id), an organization (by handle), or the actor's account. */
export type StepTenant = { appRef: string } | { org: string } | "account";

/**
 * Runs another descriptor as one step of an operation already running — an API method whose
 * request names the app or organization it acts in (PostKeys for an app, PostApps in an
 * organization). The step's tenant is resolved, locked and decided exactly as for a request of its
 * own, inside the running transaction; its audit events and mail join the running operation's.
 */
export async function runStep<Input, Output>(context: OperationContext<unknown>, operation: Operation<Input, Output>, where: StepTenant, raw: unknown): Promise<Result<Output>> {
  const parsed = operation.input.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { tx, principal } = context;
  let tenant: Tenant;
  if (where === "account") tenant = { kind: "account" };
  else if ("org" in where) {
    const org = await findOrganizationForMember(tx, { userId: principal.userId, handle: where.org });
    if (!org) return fail("not_found", TENANT_NOT_FOUND.org);
    tenant = { kind: "org", orgId: org.id, handle: org.handle };
  } else {
    const found = await resolveAppByIdForUser(tx, principal.userId, where.appRef);
    if (!found) return fail("not_found", TENANT_NOT_FOUND.app);
    tenant = { kind: "app", app: found.app };
  }
  const authorized = await authorize(tx, operation as Operation<Input, unknown>, principal, tenant, parsed.data, undefined);
  if (!authorized.ok) return authorized;
  const scope = auditScope(authorized.data.tenant);
  const step = { ...context, tenant: authorized.data.tenant, authority: authorized.data.authority, audit: (event: OperationAuditEvent) => context.audit({ ...scope, ...event }) };
  return (operation.run as (context: unknown, input: Input) => Promise<Result<Output>>)(step, parsed.data);
}

/** Runs an operation for `principal` (null: nobody is signed in) on the raw (unvalidated) input. */
export async function runOperation<Input, Output>(
  operation: Operation<Input, Output>,
  principal: Principal | null,
  raw: unknown,
  environment: RunEnvironment = {},
): Promise<Result<Output>> {
  if (!principal && operation.tenant !== "public") return fail("unauthenticated", SESSION_ENDED);
  if (environment.endpoint && operation.tenant === "public") throw new TypeError(`operation ${operation.name} has no principal and cannot serve an API endpoint`);
  const parsed = operation.input.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  if (operation.tenant === "org" && environment.endpoint) {
    // An org-level API method (an organization's compute): the credential is decided first, from
    // itself alone — so an app key, or a token without the method's scopes, learns nothing about
    // the organization the path names. The operation's own rule is decided in the transaction.
    const call = evaluateOrgEndpoint(principal!.credential ?? SESSION, environment.endpoint, { now: new Date() });
    if (!call.allowed) return deniedFailure(call);
  }
  const db = environment.db ?? (await getDb());
  const { appAccess } = environment;
  const resolved =
    operation.tenant === "public"
      ? ok<Tenant>({ kind: "public" })
      : operation.tenant === "app" && appAccess !== undefined
        ? appAccess
          ? ok<Tenant>({ kind: "app", app: appAccess.app })
          : fail("not_found", TENANT_NOT_FOUND.app)
        : await resolveTenant(db, principal!, operation.tenant, raw);
  if (!resolved.ok) return resolved;
  // Slow CPU work happens before the transaction, so it holds no locks (PGlite runs one transaction at a time).
  const prepared = (operation.tenant === "public" || operation.tenant === "account") && operation.prepare ? await operation.prepare(parsed.data) : undefined;

  const events: OperationAuditEvent[] = [];
  const outgoing: OutgoingEmail[] = [];
  let tenant: Tenant = resolved.data;
  let result: Result<Output>;
  const work = async (tx: Transaction): Promise<Result<Output>> => {
    const authorized = await authorize(tx, operation as Operation<Input, unknown>, principal, resolved.data, parsed.data, environment.endpoint, appAccess ?? undefined);
    if (!authorized.ok) return authorized;
    tenant = authorized.data.tenant;
    environment.onAuthorized?.(tenant);
    const context = { tx, principal, prepared, authority: authorized.data.authority, audit: (event: OperationAuditEvent) => events.push(event), mail: (email: OutgoingEmail) => outgoing.push(email) };
    // The descriptor's tenant kind was checked by `authorize`; each run receives its own kind.
    const outcome = await (operation.run as (context: unknown, input: Input) => Promise<Result<Output>>)({ ...context, tenant }, parsed.data);
    if (!outcome.ok) return outcome;
    for (const event of events) {
      await recordAudit(tx, { ...auditScope(tenant), ...event, actorUserId: event.actorUserId ?? principal?.userId ?? null, ip: environment.ip ?? null });
    }
    for (const email of outgoing) await enqueueEmail(tx, email);
    return outcome;
  };
  try {
    // A read runs its statements on the database as they come: at READ COMMITTED a transaction
    // would give it no more consistency (each statement reads its own snapshot), only two more
    // round trips. A read writes nothing, so it has nothing to roll back.
    result = operation.readOnly ? await work(db as unknown as Transaction) : await runInTransaction(db, work);
  } catch (error) {
    const conflict = Object.entries(operation.conflicts ?? {}).find(([constraint]) => isUniqueViolation(error, constraint));
    if (conflict) return conflict[1];
    throw error;
  }

  if (result.ok) {
    if (environment.serving && outgoing.length > 0) dispatchOutbox();
    if (environment.revalidate && !operation.readOnly) {
      const pages = operation.revalidate ? (operation.revalidate as (t: Tenant, o: Output) => ReturnType<typeof tenantPages>)(tenant, result.data) : tenantPages(tenant);
      for (const page of pages) environment.revalidate(page.path, page.type);
    }
  }
  return result;
}
