// Shared by the acceptance tests of the /v2 API: requests served through `dispatch` against a test
// database, the envelope every answer must have, the people, apps, keys and app data the tests act
// on, and a dump of what a request could change, to prove that a refused one changed nothing.

// The dump reads whole tables, as test files may (this module is test code by another name).
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Database } from "@/db/client";
import { verifyCurrentEmail } from "@/db/queries/accounts";
import { seedUser } from "@/db/seeds/teams-apps";
import { OPERATION_SCOPES } from "@/lib/authz";
import { postAnnotations } from "@/lib/operations/annotations";
import { createAppKey } from "@/lib/operations/app-keys";
import { createOrgApp, createPersonalApp } from "@/lib/operations/apps";
import { ENUM_VALUES, MESSAGE_FIELDS } from "@/lib/operations/api-messages";
import { postConcepts } from "@/lib/operations/concepts";
import { createPersonalAccessToken } from "@/lib/operations/credentials";
import { postInputs } from "@/lib/operations/inputs";
import { postModels } from "@/lib/operations/models";
import type { Operation } from "@/lib/operations/operation";
import { runAs } from "@/lib/operations/testing";
import { postWorkflows } from "@/lib/operations/workflows";
import { insertToken } from "@/lib/services/credentials";
import { dispatch } from "../dispatch";

export type Envelope = {
  status: { code: number; description: string; details: string; req_id: string; denied_by?: string | null; missing_scopes?: string[]; [extra: string]: unknown };
  [field: string]: unknown;
};

export type Answer = { status: number; headers: Headers; json: Envelope };

export type CallOptions = {
  key: string;
  /** A JSON value, sent as JSON. */
  body?: unknown;
  /** The body exactly as sent (malformed JSON, a huge body …). */
  raw?: string;
  headers?: Record<string, string>;
};

/**
 * Sends one request to `/v2/<path>` (a path with its query string) and reads the answer. An
 * exception escaping `dispatch` is what the route handler answers 500 / 99009, so it fails the
 * test naming the request.
 */
export async function call(db: Database, method: string, path: string, options: CallOptions): Promise<Answer> {
  const url = new URL(`http://console.test/v2/${path}`);
  const text = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const request = new Request(url, {
    method,
    headers: { authorization: `Key ${options.key}`, ...(text !== undefined ? { "content-type": "application/json" } : {}), ...options.headers },
    ...(text !== undefined ? { body: text } : {}),
  });
  // The route handler gives dispatch the decoded path segments.
  const segments = url.pathname.split("/").slice(2).filter(Boolean).map(decodeURIComponent);
  let response: Response;
  try {
    response = await dispatch(request, segments, { db });
  } catch (error) {
    throw new Error(`${method} /v2/${path} threw, which the route answers 500 / 99009: ${error instanceof Error ? error.stack : String(error)}`);
  }
  const body = await response.text();
  let json: Envelope;
  try {
    json = JSON.parse(body) as Envelope;
  } catch {
    throw new Error(`${method} /v2/${path} answered ${response.status} with a body that is not JSON: ${body.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, json };
}

/** What is wrong with an answer's envelope (API README, Conventions); empty when nothing is. */
export function envelopeProblems(answer: Answer): string[] {
  const problems: string[] = [];
  if (!/^application\/json/.test(answer.headers.get("content-type") ?? "")) problems.push(`content-type is ${answer.headers.get("content-type")}`);
  const status = answer.json?.status;
  if (typeof status !== "object" || status === null) return [...problems, "no status object"];
  if (typeof status.code !== "number") problems.push("status.code is not a number");
  if (typeof status.description !== "string" || status.description === "") problems.push("status.description is not a non-empty string");
  if (typeof status.details !== "string") problems.push(`status.details is ${typeof status.details}, not a string`);
  if (!/^[0-9a-f]{24}$/.test(String(status.req_id))) problems.push("status.req_id is not a request ID");
  if (answer.status >= 500 && !(answer.status === 501 && status.code === 10020)) problems.push(`answered ${answer.status} / ${status.code}`);
  if (status.code === 99009) problems.push("answered 99009 (internal error)");
  return problems;
}

/** Fails unless the answer is a refusal with this HTTP status and code, in a well-formed envelope. */
export function expectRefusal(answer: Answer, http: number, code: number): void {
  expect(envelopeProblems(answer)).toEqual([]);
  expect({ http: answer.status, code: answer.json.status.code, details: answer.json.status.details }).toMatchObject({ http, code });
}

/** Every operation scope: a key that is limited only by its owner's grants. */
export const EVERY_SCOPE: readonly string[] = OPERATION_SCOPES;

/** A verified user (no password hashing: these people only ever call the API with keys). */
export async function verifiedUser(db: Database, handle: string): Promise<string> {
  const id = await seedUser(db, handle);
  await verifyCurrentEmail(db, { userId: id, now: new Date() });
  return id;
}

/** Runs a setup operation as `userId`, failing loudly when it is refused. */
export async function setUp<Input, Output>(db: Database, operation: Operation<Input, Output>, userId: string, input: Record<string, unknown>): Promise<Output> {
  const result = await runAs(db, operation, userId, input);
  if (!result.ok) throw new Error(`setup ${operation.name} failed: ${result.message} ${JSON.stringify(result.fieldErrors ?? {})}`);
  return result.data;
}

// Names keys apart in the console's lists (they need not be unique).
let tokens = 0;

/** A personal access token of `userId`: its secret and its id. */
export async function personalToken(db: Database, userId: string, scopes: readonly string[], endpointScopes: readonly string[] | "all" = "all") {
  return setUp(db, createPersonalAccessToken, userId, { name: `token ${++tokens}`, scopes, endpointScopes });
}

/** An app key `userId` makes on the app (the maker's grants bound what it may carry). */
export async function appKey(db: Database, userId: string, app: AppRef, scopes: readonly string[], endpointScopes: readonly string[] | "all" = "all") {
  return setUp(db, createAppKey, userId, { ...app, name: `key ${++tokens}`, scopes, endpointScopes });
}

/**
 * A key as the database may hold it, written without the rules for making one: an app key whose
 * maker could not make it today (they had more access once, say), or one bound to an app they no
 * longer reach. Every call is decided on its owner's grants at the time of the call anyway. A key
 * with `appRef` is an app key of that app (by its internal id), one without a personal access token.
 */
export async function storedKey(db: Database, userId: string, key: { appRef: string | null; scopes: readonly string[]; endpointScopes?: readonly string[] | "all" }) {
  const made = await insertToken(
    // A fixture, not a change someone made: no audit event.
    { tx: db, audit: () => undefined },
    { kind: key.appRef === null ? "pat" : "app_key", appId: key.appRef, userId, name: `key ${++tokens}`, scopes: [...key.scopes], endpointScopes: key.endpointScopes === undefined || key.endpointScopes === "all" ? "all" : [...key.endpointScopes], expiresAt: null },
  );
  if (!made.ok) throw new Error(`setup of a stored key failed: ${made.message}`);
  return made.data;
}

/** An app as the /v2 paths and the operations name it. */
export type AppRef = { owner: string; app: string };

/** The path of an app resource: `users/{owner}/apps/{app}/<rest>`. */
export function appPath(app: AppRef, rest: string): string {
  return `users/${app.owner}/apps/${app.app}/${rest}`;
}

/** A personal app of `ownerId` (whose handle is `app.owner`); returns its internal id. */
export async function personalApp(db: Database, ownerId: string, app: AppRef): Promise<string> {
  const made = await setUp(db, createPersonalApp, ownerId, { appId: app.app, name: app.app });
  return made.id;
}

/** An app of the organization `app.owner`, made by one of its Admins; returns its internal id. */
export async function orgApp(db: Database, adminId: string, app: AppRef): Promise<string> {
  const made = await setUp(db, createOrgApp, adminId, { org: app.owner, appId: app.app, name: app.app });
  return made.id;
}

/** The IDs of the data `seedAppData` puts in an app, each prefixed so that two apps share none. */
export function dataIds(prefix = "") {
  return {
    input: `${prefix}dog-1`,
    secondInput: `${prefix}cat-1`,
    annotation: `${prefix}dog-label`,
    concept: `${prefix}dog`,
    model: `${prefix}pets`,
    workflow: `${prefix}pets-flow`,
  };
}

/** Two inputs (one labelled by an annotation), their concepts, a model and a workflow running it. */
export async function seedAppData(db: Database, userId: string, app: AppRef, prefix = ""): Promise<ReturnType<typeof dataIds>> {
  const ids = dataIds(prefix);
  const as = <Input, Output>(operation: Operation<Input, Output>, input: Record<string, unknown>) => setUp(db, operation, userId, { ...app, ...input });
  await as(postConcepts, { concepts: [{ id: ids.concept, name: "Dog" }] });
  await as(postInputs, {
    inputs: [{ id: ids.input, data: { image: { url: "https://example.com/dog.jpg" }, concepts: [{ id: ids.concept, value: 1 }], metadata: { source: "upload" } } }],
  });
  await as(postInputs, { inputs: [{ id: ids.secondInput, data: { text: { raw: "a cat" }, concepts: [{ id: `${prefix}cat` }] } }] });
  await as(postAnnotations, { annotations: [{ id: ids.annotation, input_id: ids.input, data: { concepts: [{ id: ids.concept, value: 1 }] } }] });
  await as(postModels, { model: { id: ids.model, name: "Pets", output_info: { data: { concepts: [{ id: ids.concept }] } } } });
  await as(postWorkflows, { workflows: [{ id: ids.workflow, nodes: [{ id: "classify", model: { id: ids.model } }] }] });
  return ids;
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  // postgres.js answers a list of rows, PGlite an object holding them.
  return (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<string, unknown>[];
}

/**
 * Every row of the tables a request could change — app data, apps, collaborators, keys (not when
 * they were last used: every request touches that), compute clusters, nodepools with their
 * node-count history, deployments — and the count of audit events recording a
 * change (refusals are audited by design), as one string: equal before and after a request exactly
 * when the request changed none of it.
 */
export async function dataDump(db: Database): Promise<string> {
  const result = await db.execute(sql`
    select json_build_object(
      'inputs', (select coalesce(json_agg(t order by t::text), '[]') from inputs t),
      'concepts', (select coalesce(json_agg(t order by t::text), '[]') from concepts t),
      'annotations', (select coalesce(json_agg(t order by t::text), '[]') from annotations t),
      'models', (select coalesce(json_agg(t order by t::text), '[]') from models t),
      'workflows', (select coalesce(json_agg(t order by t::text), '[]') from workflows t),
      'apps', (select coalesce(json_agg(t order by t::text), '[]') from apps t),
      'collaborators', (select coalesce(json_agg(t order by t::text), '[]') from collaborators t),
      'credentials', (select coalesce(json_agg(to_jsonb(t) - 'last_used_at' order by t.id), '[]') from credentials t),
      'clusters', (select coalesce(json_agg(t order by t::text), '[]') from clusters t),
      'nodepools', (select coalesce(json_agg(t order by t::text), '[]') from nodepools t),
      'node_counts', (select count(*) from nodepool_node_counts),
      'deployments', (select coalesce(json_agg(t order by t::text), '[]') from deployments t),
      'changes', (select count(*) from audit_events where action <> 'api.call_refused')
    )::text as dump`);
  return String(rowsOf(result)[0]!.dump);
}

// ─── Requests as Clarifai's clients serialise them ─────────────────────────────────────────────

function defaultOf(type: string): unknown {
  if (type.endsWith("[]")) return [];
  if (type.startsWith("enum:")) return ENUM_VALUES[type.slice(5)]![0];
  const defaults: Record<string, unknown> = { string: "", bytes: "", int: 0, int64: "0", float: 0, bool: false, map: {} };
  return defaults[type];
}

/**
 * `value` with every field of `message` it leaves out at the proto default, at every depth it
 * reaches: the proto's JSON form with defaults included, as a client serialising its whole request
 * message sends it (nested messages it does not set stay out, as in that form). A field whose
 * default is not zero (`=1`) is sent as 0, its proto zero.
 */
export function withClientDefaults(message: string, value: Record<string, unknown>): Record<string, unknown> {
  const fields = MESSAGE_FIELDS[message];
  if (!fields) throw new Error(`${message} is not in the message table`);
  const full: Record<string, unknown> = { ...value };
  for (const [name, rawType] of Object.entries(fields)) {
    const type = rawType.replace(/=1$/, "");
    const given = value[name];
    const nested = type.replace(/\[\]$/, "");
    if (given !== undefined) {
      if (nested.startsWith("message:")) {
        const inner = nested.slice(8);
        full[name] = Array.isArray(given)
          ? given.map((item: unknown) => (isObject(item) ? withClientDefaults(inner, item) : item))
          : isObject(given)
            ? withClientDefaults(inner, given)
            : given;
      }
      continue;
    }
    if (type.endsWith("=1") || rawType.endsWith("=1")) {
      full[name] = 0;
      continue;
    }
    const fallback = defaultOf(type);
    if (fallback !== undefined) full[name] = fallback;
  }
  return full;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A GET request's query string with every scalar field of `message` at its default (`page=0&per_page=0&…`), path fields aside. */
export function clientDefaultQuery(message: string, pathFields: readonly string[]): string {
  const fields = MESSAGE_FIELDS[message];
  if (!fields) throw new Error(`${message} is not in the message table`);
  const query = new URLSearchParams();
  for (const [name, type] of Object.entries(fields)) {
    if (pathFields.includes(name) || type.endsWith("[]") || type.endsWith("=1")) continue;
    const fallback = defaultOf(type);
    if (fallback !== undefined && typeof fallback !== "object") query.append(name, String(fallback));
  }
  return query.toString();
}
