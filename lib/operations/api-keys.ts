// The caller's own keys over /v2, at account level (ListKeys, GetKey, PostKeys, PatchKeys,
// DeleteKey; the runner serves them to personal access tokens only). Creating and revoking are the
// console's use cases, run through its descriptors: a personal access token's, or — for a key
// bound to an app — the app key's, decided on that app exactly as the Create API key dialog is
// (Keys:Add there, nothing beyond what the creator holds and, through a token, what it carries).
//
// A key's `id` is its stable ID, except in PostKeys' answer, where it is the new secret: Clarifai's
// clients read the key to use from there. Paths name a key by either (a secret only ever finds one
// of the caller's own keys).

import { z } from "zod";
import { findUser } from "@/db/queries/accounts";
import { reachableAppPaths } from "@/db/queries/credentials";
import { findOwnKey, listOwnKeys, renameOwnKey, type OwnKeyRow } from "@/db/queries/own-keys";
import { hashToken, parseToken } from "@/lib/credentials/token";
import { fail, ok, type Result } from "@/lib/result";
import { ROLES_REACHING_ALL_ORG_APPS, resolveAppForUser } from "@/lib/services/access";
import { collaborationTokenName, createTokenInput } from "@/lib/services/credentials";
import { apiId, apiInput, apiObject, batchOf, noRepeats, pageWindow, paging, says, type Unsupported } from "./api-input";
import { keyFields, underApiFields, type ApiKey } from "./api-shapes";
import { servedAs } from "./api-request";
import { createAppKey, listAppKeys, revokeAppKey } from "./app-keys";
import { createPersonalAccessToken, revokePersonalAccessToken } from "./credentials";
import { defineAccountOperation, type AccountTenant, type OperationContext } from "./operation";
import { runStep } from "./runner";

type Context = OperationContext<AccountTenant>;

const NO_SUCH_KEY = "You have no key with this ID (a revoked key is gone).";

/** App id → path of the limited tokens' apps among `rows` that the caller still reaches. */
function limitedAppPaths(context: Context, rows: readonly OwnKeyRow[]): Promise<Map<string, string>> {
  return reachableAppPaths(context.tx, { ...owner(context), appRefs: [...new Set(rows.flatMap((row) => row.credential.limitedToApps ?? []))] });
}

/**
 * A key as Clarifai answers it. `apps` names an app key's app; a personal access token limited to
 * chosen apps names those it still reaches (Clarifai's tokens name none: they reach every app).
 */
function presentKey({ credential, app }: OwnKeyRow, paths: ReadonlyMap<string, string>): ApiKey {
  const bound = credential.kind === "app_key" && app !== null;
  const collaboration = credential.collaborationAppId !== null && app !== null;
  const limited = credential.limitedToApps?.flatMap((ref) => paths.get(ref) ?? []).sort() ?? [];
  return {
    id: credential.id,
    type: credential.kind === "app_key" ? "app_specific_key" : "personal_access_token",
    ...keyFields({ ...credential, name: collaboration ? collaborationTokenName(app) : credential.name }),
    apps: bound
      ? [{ id: app.appId, user_id: app.ownerHandle }]
      : limited.map((path) => {
          const [userId, appId] = path.split("/") as [string, string];
          return { id: appId, user_id: userId };
        }),
  };
}

async function presentKeys(context: Context, rows: readonly OwnKeyRow[]): Promise<ApiKey[]> {
  const paths = await limitedAppPaths(context, rows);
  return rows.map((row) => presentKey(row, paths));
}

function owner(context: Context) {
  return { userId: context.principal.userId, rolesReachingAllApps: ROLES_REACHING_ALL_ORG_APPS };
}

/** The caller's key a path names, by its ID or by its secret. */
function findKey(context: Context, keyId: string): Promise<OwnKeyRow | null> {
  const key = parseToken(keyId) ? { secretHash: hashToken(keyId) } : { id: keyId };
  return findOwnKey(context.tx, { ...owner(context), key });
}

const keyIdParam = { key_id: apiId };

export const listMyKeys = defineAccountOperation({
  name: "keys.list_mine",
  input: apiInput(
    { ...paging, not_expired: z.enum(["true", "false"], { error: says('must be "true" or "false".') }).optional() },
    {
      scopes: "filtering keys by scope is not supported: read each key's scopes.",
      endpoints: "filtering keys by endpoint is not supported: read each key's endpoints.",
      type: "filtering keys by type is not supported: read each key's type.",
    },
  ),
  readOnly: true,
  async run(context, input) {
    const rows = await listOwnKeys(context.tx, { ...owner(context), unexpiredAt: input.not_expired === "true" ? new Date() : null, ...pageWindow(input) });
    return ok(await presentKeys(context, rows));
  },
});

export const getMyKey = defineAccountOperation({
  name: "keys.get_mine",
  input: apiInput(keyIdParam),
  readOnly: true,
  async run(context, input) {
    const row = await findKey(context, input.key_id);
    return row ? ok((await presentKeys(context, [row]))[0]!) : fail("not_found", NO_SUCH_KEY);
  },
});

const KEY_TYPES = ["personal_access_token", "app_specific_key"] as const;

const UNSUPPORTED_KEY_FIELDS: Unsupported = {
  authorized_idp_ids: "identity providers are not supported.",
  organization_id: "keys belong to their user: an app key is bound to an organization's app through apps.",
};

const newKey = apiObject(
  {
    description: z.string({ error: says("must be a string.") }),
    scopes: z.array(z.string({ error: says("must be a string.") }), { error: says("must be a list.") }),
    endpoints: z.array(z.string({ error: says("must be a string.") }), { error: says("must be a list.") }).optional(),
    apps: z
      .array(apiObject({ id: apiId, user_id: apiId }), { error: says("must be a list.") })
      .max(100, { error: says("must name at most 100 apps.") })
      .optional(),
    type: z.enum(KEY_TYPES, { error: says('must be "personal_access_token" or "app_specific_key".') }).optional(),
    expires_at: z.string({ error: says("must be an RFC 3339 timestamp.") }).optional(),
  },
  { ...UNSUPPORTED_KEY_FIELDS, id: "a key's ID is issued by the server.", created_at: "set by the server." },
).refine((key) => (key.type === "personal_access_token" ? true : key.type === "app_specific_key" ? key.apps?.length === 1 : (key.apps?.length ?? 0) <= 1), {
  error: says(
    "names its apps inconsistently: an app_specific_key names exactly one app; a personal_access_token names none (every app) or the apps it is limited to, and then says its type.",
  ),
});

type NewKey = z.infer<typeof newKey>;

/** Creates one key through the console's descriptor for its kind; answers it with its secret as `id`. */
async function createKey(context: Context, key: NewKey): Promise<Result<ApiKey>> {
  const request = { name: key.description, scopes: key.scopes, endpointScopes: key.endpoints ?? "all", expiresAt: key.expires_at ?? null };
  // One app and no type: an app key, as Clarifai's clients send it. A token names its apps only with its type.
  const token = key.type === "personal_access_token" || (key.type === undefined && (key.apps?.length ?? 0) === 0);
  const bound = token ? undefined : key.apps?.[0];
  let created;
  if (token) {
    const me = key.apps?.some((app) => app.user_id === "me") ? await findUser(context.tx, { userId: context.principal.userId }) : null;
    const apps = key.apps?.length ? key.apps.map((app) => `${app.user_id === "me" ? (me?.handle ?? app.user_id) : app.user_id}/${app.id}`) : "all";
    created = await runStep(context, createPersonalAccessToken, "account", { ...request, apps });
  } else if (bound) {
    const me = bound.user_id === "me" ? await findUser(context.tx, { userId: context.principal.userId }) : null;
    const access = await resolveAppForUser(context.tx, context.principal.userId, me?.handle ?? bound.user_id, bound.id);
    if (!access) return fail("not_found", `The app ${bound.user_id}/${bound.id} does not exist or you do not have access to it.`);
    created = await runStep(context, createAppKey, { appRef: access.app.id }, request);
  } else {
    throw new Error("a key is either a token or bound to one app");
  }
  if (!created.ok) return created;
  const row = await findOwnKey(context.tx, { ...owner(context), key: { id: created.data.id } });
  if (!row) throw new Error(`the key ${created.data.id} just created is not found`);
  return ok({ ...(await presentKeys(context, [row]))[0]!, id: created.data.secret });
}

/** Creates the keys, all or none (they are written in one transaction). */
export const postKeys = defineAccountOperation({
  name: "keys.post",
  input: apiInput({ keys: batchOf(newKey) }),
  async run(context, input) {
    const keys: ApiKey[] = [];
    for (const [index, key] of input.keys.entries()) {
      const created = await createKey(context, key);
      if (!created.ok) return underApiFields(created, `keys[${index}]`, { name: "description", scopes: "scopes", endpointScopes: "endpoints", expiresAt: "expires_at", apps: "apps" });
      keys.push(created.data);
    }
    return ok(keys);
  },
});

// A key's scopes and endpoints are fixed when it is made (the console changes neither): a
// different key is made instead, so nothing a key was trusted with grows behind its holder's back.
const FIXED = "a key's scopes and endpoints are fixed when it is created: create a key with the ones you need and delete this one.";

const keyPatch = apiObject(
  { id: apiId, description: z.string({ error: says("must be a string.") }).pipe(createTokenInput.shape.name) },
  { ...UNSUPPORTED_KEY_FIELDS, scopes: FIXED, endpoints: FIXED, apps: "an app key stays bound to its app.", expires_at: "a key's expiry is fixed when it is created.", type: "a key's type is fixed." },
);

/** Renames the caller's keys (their descriptions), all or none. */
export const patchMyKeys = defineAccountOperation({
  name: "keys.rename_mine",
  input: apiInput({
    keys: noRepeats(batchOf(keyPatch), (key) => key.id),
    action: z.literal("overwrite", { error: says('must be "overwrite": a key\'s description is replaced.') }),
  }),
  async run(context, input) {
    const keys: ApiKey[] = [];
    for (const [index, patch] of input.keys.entries()) {
      const row = await findKey(context, patch.id);
      if (row?.credential.collaborationAppId) return fail("invalid_input", `keys[${index}]: a collaboration's token is named after its app and cannot be renamed.`);
      if (!row || !(await renameOwnKey(context.tx, { userId: context.principal.userId, keyId: row.credential.id, name: patch.description }))) return fail("not_found", `keys[${index}]: ${NO_SUCH_KEY}`);
      context.audit({ appId: row.credential.appId, action: "credential.renamed", targetType: row.credential.kind === "app_key" ? "app_key" : "personal_access_token", targetId: row.credential.id, before: { name: row.credential.name }, after: { name: patch.description } });
      keys.push((await presentKeys(context, [{ ...row, credential: { ...row.credential, name: patch.description } }]))[0]!);
    }
    return ok(keys);
  },
});

/** Revokes one of the caller's keys through the console's descriptor for its kind (an app key: Keys:Delete on its app). */
export const deleteMyKey = defineAccountOperation({
  name: "keys.delete_mine",
  input: apiInput(keyIdParam),
  async run(context, input) {
    const row = await findKey(context, input.key_id);
    if (!row) return fail("not_found", NO_SUCH_KEY);
    const { id, kind, appId } = row.credential;
    return kind === "app_key" ? runStep(context, revokeAppKey, { appRef: appId! }, { id }) : runStep(context, revokePersonalAccessToken, "account", { id });
  },
});

/**
 * ListAppKeys: the console's list of an app's keys (Keys:Get there). It answers every key at
 * once, so only the first page exists: asking for a later one is refused rather than answered
 * with the same keys again.
 */
export const listTheAppKeys = servedAs(
  listAppKeys,
  apiInput({ page: paging.page.pipe(z.literal(1, { error: says("must be 1: the app's keys are answered all at once.") })), per_page: paging.per_page }),
  () => ({}),
);
