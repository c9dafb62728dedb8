// Apps over /v2: the caller's reachable apps and creating one (account level: ListApps, PostApps),
// and one app itself (GetApp, PatchApp, DeleteApp). Creating, changing and deleting are the
// console's use cases, run through its descriptors and decided by their rules (a personal app for
// anyone; an organization's app where the caller may create apps there; each setting under the
// capability the console's settings page asks for).

import { z } from "zod";
import { findUser } from "@/db/queries/accounts";
import { findAppById } from "@/db/queries/app-access";
import { SESSION, credentialAppRefs, evaluateAppCapability, type AppCapability, type Decision, type Grants } from "@/lib/authz";
import { fail, failBecause, ok, type Failure, type Result } from "@/lib/result";
import { listReachableApps } from "@/lib/services/access";
import { handleKey } from "@/lib/validation/common";
import { apiId, apiInput, apiObject, batchOf, noRepeats, pageWindow, paging, says, storable, type Unsupported } from "./api-input";
import { GETTABLE, presentApp, underApiFields, type ApiApp } from "./api-shapes";
import { createOrgApp, createPersonalApp, deleteApp, setAppVisibility, updateAppDetails, updateAppIdentity } from "./apps";
import { defineAccountOperation, defineAppOperation, type AccountTenant, type AppOperation, type OperationContext } from "./operation";
import { runStep } from "./runner";

const UNSUPPORTED_APP: Unsupported = {
  default_language: "apps have no default language here.",
  default_workflow_id: "apps have no default workflow here.",
  default_workflow: "apps have no default workflow here.",
  metadata: "app metadata is not stored.",
  sample_ms: "not supported.",
  data_tier_id: "data tiers are not supported.",
  image: "app images are not supported.",
  is_template: "template apps are not supported.",
  extra_info: "not supported.",
  embeddings_storage: "this server stores no embeddings.",
  legal_consent_status: "not supported.",
  is_starred: "stars are not supported.",
  star_count: "stars are not supported.",
  created_at: "set by the server.",
  modified_at: "set by the server.",
};

const appText = (max: number) => storable(z.string({ error: says("must be a string.") }).max(max, { error: says(`must be at most ${max} characters.`) }));

// ─── The caller's apps (account level) ──────────────────────────────────────────────────────

/** The service pages at most 100 apps at a time. */
const MAX_APPS_PER_PAGE = 100;

export const listMyApps = defineAccountOperation({
  name: "apps.list_reachable",
  input: apiInput(
    {
      page: paging.page,
      per_page: paging.per_page.pipe(z.number().max(MAX_APPS_PER_PAGE, { error: says(`must be at most ${MAX_APPS_PER_PAGE}.`) })),
      search: storable(z.string({ error: says("must be a string.") }).max(100, { error: says("must be at most 100 characters.") })).optional(),
    },
    { additional_fields: "apps are answered with their fields as they are.", sort_ascending: "apps are listed by name.", sort_by_name: "apps are listed by name.", sort_by_modified_at: "apps are listed by name.", featured_only: "not supported.", starred_only: "stars are not supported.", template_only: "template apps are not supported." },
  ),
  readOnly: true,
  async run({ tx, principal }, input) {
    const { limit } = pageWindow(input);
    // A token limited to chosen apps lists those only.
    const onlyApps = credentialAppRefs(principal.credential ?? SESSION);
    const { rows } = await listReachableApps(tx, principal.userId, { q: input.search, page: input.page, pageSize: limit, onlyApps });
    return ok(rows.map(presentApp));
  },
});

const newApp = apiObject({ id: apiId, name: appText(100).optional(), description: appText(2000).optional(), user_id: apiId.optional() }, { ...UNSUPPORTED_APP, visibility: "a new app is private: change it with PatchApp.", notes: "add notes with PatchApp." });

type Context = OperationContext<AccountTenant>;

/** An app ID the owner already uses: Clarifai's duplicate-ID answer. */
function duplicateApp(appId?: string): Failure {
  return failBecause("duplicate_id", "conflict", `An app with ${appId === undefined ? "this ID" : `the ID "${appId}"`} already exists for this owner.`);
}

/** Creates one app: the caller's own, or (when `user_id` names an organization) that organization's, through the console's descriptor. */
async function createApp(context: Context, app: z.infer<typeof newApp>, item: string): Promise<Result<ApiApp>> {
  const request = { appId: app.id, name: app.name || app.id, description: app.description ?? "" };
  const me = await findUser(context.tx, { userId: context.principal.userId });
  const mine = app.user_id === undefined || app.user_id === "me" || handleKey(app.user_id) === handleKey(me?.handle ?? "");
  const created = mine ? await runStep(context, createPersonalApp, "account", request) : await runStep(context, createOrgApp, { org: app.user_id! }, request);
  if (!created.ok) return created.code === "conflict" ? duplicateApp(app.id) : underApiFields(created, item, { appId: "id", name: "name", description: "description" });
  const row = await findAppById(context.tx, { appRef: created.data.id });
  if (!row) throw new Error(`the app ${created.data.id} just created is not found`);
  return ok(presentApp(row));
}

/** Creates the apps, all or none (they are written in one transaction). */
export const postApps = defineAccountOperation({
  name: "apps.post",
  input: apiInput({ apps: noRepeats(batchOf(newApp), (app) => `${app.user_id ?? "me"}/${app.id}`) }),
  conflicts: { apps_user_app_unique: duplicateApp(), apps_org_app_unique: duplicateApp() },
  // A new app appears in every list of apps.
  revalidate: () => [{ path: "/", type: "layout" }],
  async run(context, input) {
    const apps: ApiApp[] = [];
    for (const [index, app] of input.apps.entries()) {
      const created = await createApp(context, app, `apps[${index}]`);
      if (!created.ok) return created;
      apps.push(created.data);
    }
    return ok(apps);
  },
});

// ─── One app ────────────────────────────────────────────────────────────────────────────────

export const getApp = defineAppOperation({
  name: "apps.get",
  input: apiInput({}, { additional_fields: "apps are answered with their fields as they are." }),
  authorize: { endpoint: "/clarifai.api.V2/GetApp" },
  readOnly: true,
  run: async ({ tenant }) => ok(presentApp(tenant.app)),
});

/** The capability a console settings descriptor is decided by (each is a plain capability rule). */
function capabilityOf<Input, Output>(operation: AppOperation<Input, Output>): AppCapability {
  const rule = operation.authorize;
  if (typeof rule === "function" || !("capability" in rule)) throw new TypeError(`${operation.name} is not decided by a capability`);
  return rule.capability;
}

const RENAME = capabilityOf(updateAppIdentity);
const DESCRIBE = capabilityOf(updateAppDetails);
const PUBLISH = capabilityOf(setAppVisibility);

const visibility = apiObject({
  gettable: z.union([z.literal(GETTABLE.private), z.literal(GETTABLE.public)], { error: says(`must be ${GETTABLE.private} (private) or ${GETTABLE.public} (public); organization-wide visibility is not supported.`) }),
});

const appPatch = apiObject(
  { id: apiId.optional(), name: appText(100).optional(), description: appText(2000).optional(), notes: appText(10000).optional(), visibility: visibility.optional(), user_id: apiId.optional() },
  UNSUPPORTED_APP,
);

type AppPatch = z.infer<typeof appPatch>;

/** The first refusal among the capabilities of the settings the patch changes (it changes at least one). */
function mayPatch(grants: Grants, patch: AppPatch): Decision {
  const needed: AppCapability[] = [];
  if (patch.name !== undefined) needed.push(RENAME);
  if (patch.description !== undefined || patch.notes !== undefined) needed.push(DESCRIBE);
  if (patch.visibility !== undefined) needed.push(PUBLISH);
  const decisions = needed.map((capability) => evaluateAppCapability(grants, capability));
  return decisions.find((decision) => !decision.allowed) ?? decisions[0]!;
}

/**
 * Where PatchApp's route carries the request body: the runner's input names the path's app as
 * `app`, which is also the name of the body's field holding the changes.
 */
export const PATCH_APP_BODY = "body";

function carriedBody(raw: unknown): unknown {
  return typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>)[PATCH_APP_BODY] : raw;
}

/**
 * Changes the app's name, description, notes and visibility: each through the console descriptor
 * of that setting (its audit event, and the capability it is decided by), all in one transaction.
 */
export const patchApp = defineAppOperation({
  name: "apps.patch",
  input: z.preprocess(
    carriedBody,
    apiObject(
      {
        app: appPatch.refine((patch) => [patch.name, patch.description, patch.notes, patch.visibility].some((field) => field !== undefined), { error: says("needs a name, description, notes or visibility to change.") }),
        action: z.literal("overwrite", { error: says('must be "overwrite": the fields sent replace the app\'s.') }).default("overwrite"),
      },
      { metadata_action: "app metadata is not stored.", reindex: "this server keeps no search index to rebuild." },
    ),
  ),
  authorize: ({ grants }, { app }) => mayPatch(grants, app),
  revalidate: () => [{ path: "/", type: "layout" }],
  async run(context, { app: patch }) {
    const { app } = context.tenant;
    if ((patch.id !== undefined && patch.id !== app.appId) || (patch.user_id !== undefined && handleKey(patch.user_id) !== handleKey(app.ownerHandle))) {
      return fail("invalid_input", "app.id and app.user_id name the app of the path; an app's ID and owner are not changed by PatchApp.");
    }
    const { name, description, notes, visibility: shown } = patch;
    const steps: Array<() => Promise<Result<unknown>>> = [];
    if (name !== undefined) steps.push(() => updateAppIdentity.run(context, { appId: app.appId, name }));
    if (description !== undefined || notes !== undefined) steps.push(() => updateAppDetails.run(context, { description: description ?? app.description, notes: notes ?? app.notes }));
    if (shown !== undefined) steps.push(() => setAppVisibility.run(context, { visibility: shown.gettable === GETTABLE.public ? "public" : "private" }));
    for (const step of steps) {
      const done = await step();
      if (!done.ok) return done;
    }
    const updated = await findAppById(context.tx, { appRef: app.id });
    if (!updated) throw new Error(`the app ${app.id} just changed is not found`);
    return ok(presentApp(updated));
  },
});

/** The console's deletion; the request's path is its confirmation (the console asks for the app ID typed out). */
export const deleteThisApp = defineAppOperation({
  name: deleteApp.name,
  input: apiInput({}),
  authorize: { capability: capabilityOf(deleteApp) },
  revalidate: deleteApp.revalidate,
  run: (context) => deleteApp.run(context, { confirm: context.tenant.app.appId }),
});
