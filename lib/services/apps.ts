// Apps: the input of their operations (lib/operations/apps.ts), and the overview of an app's data
// its page shows. An app is created by a user for themselves or for an organization.

import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { countAppData } from "@/db/queries/apps";
import { listConcepts } from "@/db/queries/concepts";
import { listInputs } from "@/db/queries/inputs";
import { listModels } from "@/db/queries/models";
import { listWorkflows } from "@/db/queries/workflows";
import { SESSION, evaluateEndpoint, type EndpointName } from "@/lib/authz";
import { RESERVED_HANDLES, displayNameSchema } from "@/lib/validation/common";
import type { AppAccess } from "./access";

// App IDs are URL segments under the owner (/{owner}/{app}); words that name console routes there
// ("settings", …) are refused, like handles.
export const appIdSchema = z
  .string({ error: "App ID is required." })
  .trim()
  .min(1, "App ID is required.")
  .max(64, "App ID must be at most 64 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "Use letters, digits, '-' and '_' only, starting with a letter or digit.")
  .refine((value) => !RESERVED_HANDLES.has(value.toLowerCase()), "This app ID is reserved by the console; choose another.");

const descriptionSchema = z.string().trim().max(2000, "Description must be at most 2,000 characters.");
const notesSchema = z.string().trim().max(10000, "Notes must be at most 10,000 characters.");

export const createAppInput = z.object({
  appId: appIdSchema,
  name: z.string({ error: "Name is required." }).pipe(displayNameSchema),
  description: descriptionSchema.optional().default(""),
});
export const updateAppDetailsInput = z.object({ description: descriptionSchema, notes: notesSchema });
export const updateAppIdentityInput = z.object({ appId: appIdSchema, name: z.string({ error: "Name is required." }).pipe(displayNameSchema) });
export const setAppVisibilityInput = z.object({ visibility: z.enum(["private", "public"], { error: "Choose private or public." }) });
export const deleteAppInput = z.object({ confirm: z.string().trim() });
export const transferAppInput = z.object({ org: z.string({ error: "Choose an organization." }).trim().min(1, "Choose an organization.").max(64) });

const SHOWN = 5;

/** One part of the overview: null when the viewer may not read it. */
type Part<T> = { count: number; items: T[] } | null;

export type AppDataOverview = {
  inputs: Part<{ id: string; kind: "image" | "video" | "text"; content: string; concepts: string[] }>;
  concepts: Part<{ id: string; name: string }>;
  annotations: { count: number } | null;
  models: Part<{ id: string; name: string; type: string }>;
  workflows: Part<{ id: string; models: string[] }>;
};

/**
 * What the app's page shows of its data: counts and the newest few of each kind, each only when
 * the viewer could list it through the API (decided by lib/authz as that call, so a collaborator
 * limited to some endpoints sees only what those endpoints show).
 */
export async function appDataOverview(db: DbOrTx, access: Pick<AppAccess, "app" | "grants">, now = new Date()): Promise<AppDataOverview> {
  const may = (endpoint: EndpointName) => evaluateEndpoint(access.grants, SESSION, endpoint, { now }).allowed;
  const appRef = access.app.id;
  const counts = await countAppData(db, { appRef });
  const window = { appRef, limit: SHOWN, offset: 0 };
  return {
    inputs: may("/clarifai.api.V2/ListInputs")
      ? {
          count: counts.inputs,
          items: (await listInputs(db, window)).map(({ inputId, data }) => {
            const [kind, content] = data.image ? (["image", data.image.url] as const) : data.video ? (["video", data.video.url] as const) : (["text", data.text?.raw ?? ""] as const);
            return { id: inputId, kind, content, concepts: (data.concepts ?? []).filter((label) => label.value > 0).map((label) => label.id) };
          }),
        }
      : null,
    concepts: may("/clarifai.api.V2/ListConcepts") ? { count: counts.concepts, items: (await listConcepts(db, { ...window, limit: 12 })).map(({ conceptId, name }) => ({ id: conceptId, name })) } : null,
    annotations: may("/clarifai.api.V2/ListAnnotations") ? { count: counts.annotations } : null,
    models: may("/clarifai.api.V2/ListModels") ? { count: counts.models, items: (await listModels(db, window)).map(({ modelId, name, modelTypeId }) => ({ id: modelId, name, type: modelTypeId })) } : null,
    workflows: may("/clarifai.api.V2/ListWorkflows")
      ? { count: counts.workflows, items: (await listWorkflows(db, window)).map(({ workflowId, nodes }) => ({ id: workflowId, models: nodes.map((node) => node.model.id) })) }
      : null,
  };
}
