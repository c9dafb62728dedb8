// Everything an API call needs before its operation runs, in one statement: the credential its
// secret hashes to (with its owner's handle), one attempt taken from the credential's per-minute
// allowance, its last use recorded (at most once a minute), and — when the call names an app — the
// app with every row the owner's access to it rests on. One round trip instead of five: the
// statement is prepared once per connection and PostgreSQL runs it as one plan.
//
// Nothing here decides: lib/services/api-calls.ts checks the credential (again — `live` below only
// keeps a dead key from taking allowance or being touched) and lib/authz decides the access.

import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apps, credentials, organizations, rateLimits, users } from "@/db/schema";
import { accessRowColumns, appColumns, type AppWithAccessRows } from "./app-access";
import { precompiled, runPrecompiled, type Precompiled } from "./precompiled";
import { windowUpdate, windowValues, type RateLimitRule } from "./rate-limits";

/** Which app the call is about, as its path names it. */
export type CallTarget =
  /** `/v2/users/{owner}/apps/{app}/…`: by the owner's case-folded handle and the app ID. */
  | { ownerHandleKey: string; appId: string }
  /** `/v2/users/me/apps/{app}/…`: the credential owner's own app. */
  | { ownersOwnApp: string }
  /** The short paths (`/v2/inputs` …): the app an app key belongs to. */
  | "key_app"
  /** An account-level method: no app. */
  | null;

export type CallCredentialRow = {
  id: string;
  kind: "pat" | "app_key";
  userId: string;
  appRef: string | null;
  scopes: string[];
  endpointScopes: string[] | null;
  limitedToApps: string[] | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  secretHash: string | null;
  ownerHandle: string;
};

export type OpenedCall = {
  credential: CallCredentialRow;
  /** The attempt taken from the allowance (null: the window was full, or the credential is not live). */
  taken: { windowStart: Date; hits: number } | null;
  /** When the allowance's current window started, as it was before this call (null: no window yet). */
  windowStart: Date | null;
  /** The app the target names, with the credential owner's access rows (null: no such app, or no target). */
  access: AppWithAccessRows | null;
};

export type OpenCallQuery = {
  secretHash: string;
  target: CallTarget;
  /** The allowance's bucket is this prefix followed by the credential's id. */
  bucketPrefix: string;
  rule: RateLimitRule;
  /** The credential's last use is recorded when the one recorded is older than this. */
  touchBefore: Date;
  now: Date;
};

const credentialJson = sql.raw(`json_build_object('id', cred.id, 'kind', cred.kind, 'userId', cred.user_id, 'appRef', cred.app_id, 'scopes', cred.scopes,
  'endpointScopes', cred.endpoint_scopes, 'limitedToApps', cred.limited_to_apps, 'expiresAt', cred.expires_at, 'revokedAt', cred.revoked_at, 'secretHash', cred.secret_hash, 'ownerHandle', cred.owner_handle)`);

/** A JSON object of the given columns, keyed by their names (the keys are this module's constants). */
function jsonObject(columns: Record<string, unknown>): SQL {
  return sql`json_build_object(${sql.join(
    Object.entries(columns).map(([key, column]) => sql`${sql.raw(`'${key}'`)}, ${column}`),
    sql`, `,
  )})`;
}

type TargetKind = "path" | "own" | "key_app" | "none";
const NAMES = ["secretHash", "now", "touchBefore", "bucketPrefix", "limit", "startedBy", "ownerHandleKey", "appId"] as const;
type Name = (typeof NAMES)[number];
type Values = Record<Name, unknown>;
type Placeholders = Record<keyof Values, unknown>;

function kindOf(target: CallTarget): TargetKind {
  if (target === null) return "none";
  if (target === "key_app") return "key_app";
  return "ownersOwnApp" in target ? "own" : "path";
}

function targetCondition(kind: Exclude<TargetKind, "none">, values: Placeholders): SQL {
  if (kind === "key_app") return sql`${apps.id} = cred.app_id`;
  if (kind === "own") return sql`${apps.appId} = ${values.appId} and ${apps.ownerUserId} = cred.user_id`;
  return sql`${apps.appId} = ${values.appId} and (${users.handleKey} = ${values.ownerHandleKey} or ${organizations.handleKey} = ${values.ownerHandleKey})`;
}

function appJson(kind: TargetKind, values: Placeholders): SQL {
  if (kind === "none") return sql`null::json`;
  const rows = accessRowColumns(sql`cred.user_id`);
  return sql`(select json_build_object('app', ${jsonObject(appColumns)}, 'role', ${rows.role}, 'seats', ${rows.seats}, 'collaborator', ${rows.collaborator})
    from ${apps}
    left join ${users} on ${users.id} = ${apps.ownerUserId}
    left join ${organizations} on ${organizations.id} = ${apps.ownerOrgId}
    where ${targetCondition(kind, values)})`;
}

function statement(kind: TargetKind) {
  return precompiled(NAMES, (values) => {
    const at = sql`${values.now}::timestamptz`;
    const update = windowUpdate({ limit: values.limit, startedBy: values.startedBy, now: values.now });
    return sql`
    with cred as (
      select ${credentials.id}, ${credentials.kind}, ${credentials.userId}, ${credentials.appId}, ${credentials.scopes}, ${credentials.endpointScopes},
        ${credentials.limitedToApps}, ${credentials.expiresAt}, ${credentials.revokedAt}, ${credentials.secretHash}, ${credentials.lastUsedAt}, ${users.handle} as owner_handle
      from ${credentials} inner join ${users} on ${users.id} = ${credentials.userId}
      where ${credentials.secretHash} = ${values.secretHash}
    ),
    live as (
      select * from cred where revoked_at is null and (expires_at is null or expires_at > ${at})
    ),
    touched as (
      update ${credentials} set last_used_at = ${at}
      where ${credentials.id} in (select id from live where last_used_at is null or last_used_at < ${values.touchBefore}::timestamptz)
      returning ${credentials.id}
    ),
    taken as (
      insert into ${rateLimits} (bucket, window_start, hits)
      select ${values.bucketPrefix}::text || live.id, ${at}, 1 from live
      on conflict (bucket) do update set hits = ${update.hits}, window_start = ${update.windowStart} where ${update.where}
      returning ${rateLimits.windowStart}, ${rateLimits.hits}
    )
    select json_build_object(
      'credential', ${credentialJson},
      'taken', (select json_build_object('windowStart', taken.window_start, 'hits', taken.hits) from taken),
      'windowStart', (select ${rateLimits.windowStart} from ${rateLimits} where ${rateLimits.bucket} = ${values.bucketPrefix}::text || cred.id),
      'access', ${appJson(kind, values)}
    ) as call
    from cred`;
  });
}

const STATEMENTS: Record<TargetKind, Precompiled<Name>> = { path: statement("path"), own: statement("own"), key_app: statement("key_app"), none: statement("none") };

/** The statement that opens a call, and its values (rendered once per kind of target: see ./precompiled.ts). */
function openCallStatement(query: OpenCallQuery): { statement: Precompiled<Name>; values: Values } {
  const { now, target } = query;
  const values: Values = {
    secretHash: query.secretHash,
    ...windowValues(query.rule, now),
    touchBefore: query.touchBefore.toISOString(),
    bucketPrefix: query.bucketPrefix,
    ownerHandleKey: target !== null && target !== "key_app" && "ownerHandleKey" in target ? target.ownerHandleKey : null,
    appId: target !== null && target !== "key_app" ? ("appId" in target ? target.appId : target.ownersOwnApp) : null,
  };
  return { statement: STATEMENTS[kindOf(target)], values };
}

/** The text and parameters of the one statement that opens a call (the API benchmark's anchor runs it without the console around it). */
export function openCallQuery(query: OpenCallQuery): { text: string; params: unknown[] } {
  const { statement, values } = openCallStatement(query);
  return { text: statement.text, params: statement.params(values) };
}

export async function openCall(db: DbOrTx, query: OpenCallQuery): Promise<OpenedCall | null> {
  const { statement, values } = openCallStatement(query);
  const result = await runPrecompiled(db, statement, values);
  const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as { call: unknown }[];
  const row = rows[0];
  if (!row) return null;
  const call = (typeof row.call === "string" ? JSON.parse(row.call) : row.call) as JsonCall;
  return {
    credential: { ...call.credential, expiresAt: dateOrNull(call.credential.expiresAt), revokedAt: dateOrNull(call.credential.revokedAt) },
    taken: call.taken ? { windowStart: new Date(call.taken.windowStart), hits: call.taken.hits } : null,
    windowStart: dateOrNull(call.windowStart),
    access: call.access ? { ...call.access, app: { ...call.access.app, createdAt: new Date(call.access.app.createdAt) } } : null,
  };
}

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
type JsonCall = {
  credential: Json<CallCredentialRow>;
  taken: { windowStart: string; hits: number } | null;
  windowStart: string | null;
  access: (Omit<AppWithAccessRows, "app"> & { app: Json<AppWithAccessRows["app"]> }) | null;
};

function dateOrNull(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}
