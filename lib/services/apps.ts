// Apps: the input of their operations (lib/operations/apps.ts). An app is created by a user for
// themselves or for an organization.

import { z } from "zod";
import { RESERVED_HANDLES, displayNameSchema } from "@/lib/validation/common";

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
