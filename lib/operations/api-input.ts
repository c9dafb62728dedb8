// Requests to the /v2 methods, read as Clarifai's clients send them (snake_case fields, query
// strings for GET). Objects are read strictly: a misspelt field, or a Clarifai field this server
// does not implement, is refused by name instead of being ignored, since ignoring it would answer
// a different request than the one sent. Every message names the field's full path
// (`inputs[2].data.image.url`): the runner files an issue under its top-level field only.

import { z } from "zod";
import { unstorableText } from "@/lib/validation/common";
import { isClarifaiField } from "./api-defaults";

/** A field's path as a client writes it: `inputs[0].data.image`. */
export function fieldPath(path: readonly PropertyKey[] = []): string {
  return path.map((key, index) => (typeof key === "number" ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`)).join("");
}

type Issue = { code?: string; path?: PropertyKey[]; input?: unknown };

/** An issue message that starts with the field it is about; a field left out is said to be required. */
export function says(text: string) {
  return (issue: Issue) => `${fieldPath(issue.path) || "The request"} ${issue.code === "invalid_type" && issue.input === undefined ? "is required." : text}`;
}

/** Clarifai fields this server does not implement, each with what to do instead. */
export type Unsupported = Readonly<Record<string, string>>;

function unknownFields(path: readonly PropertyKey[], keys: readonly string[], unsupported: Unsupported): string {
  return keys
    .map((key) => {
      const field = fieldPath([...path, key]);
      // A query string names a field within a message by its path (`visibility.gettable`): the field is the first name.
      const name = key.split(".")[0]!;
      if (Object.hasOwn(unsupported, name)) return `${field} is not supported by this server: ${unsupported[name]}`;
      // A field of Clarifai's messages is accepted at its default (./api-defaults.ts): this one holds another value.
      return isClarifaiField(name) ? `${field} is not supported by this server: only its default value is accepted.` : `${field} is not a field of this request.`;
    })
    .join(" ");
}

/** Whether a value says nothing: null, "", 0, false, or a list or object of such values only. */
function saysNothing(value: unknown): boolean {
  if (value === null || value === "" || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.every(saysNothing);
  if (typeof value === "object") return Object.values(value as object).every(saysNothing);
  return false;
}

/**
 * Clarifai's fields this object does not take, dropped when they say nothing (a message the client
 * filled with defaults, `visibility: {}`): they are accepted and ignored, as ./api-defaults.ts does
 * for the fields the client left at their default.
 */
function withoutSilentFields(shape: z.ZodRawShape) {
  return (raw: unknown) => {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return raw;
    return Object.fromEntries(Object.entries(raw).filter(([key, value]) => Object.hasOwn(shape, key) || !isClarifaiField(key) || !saysNothing(value)));
  };
}

/** A JSON object with these fields and no others (Clarifai's fields it does not take are accepted when they say nothing). */
export function apiObject<Shape extends z.ZodRawShape>(shape: Shape, unsupported: Unsupported = {}) {
  const strict = strictApiObject(shape, unsupported);
  const silent = withoutSilentFields(shape);
  return z.preprocess((raw: z.input<typeof strict>) => silent(raw) as z.input<typeof strict>, strict);
}

function strictApiObject<Shape extends z.ZodRawShape>(shape: Shape, unsupported: Unsupported) {
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") return unknownFields(issue.path ?? [], issue.keys, unsupported);
      if (issue.code === "invalid_type") return says("must be a JSON object.")(issue);
      return undefined;
    },
  });
}

/** The request without the app it is for (`owner`, `app`: added by the API layer, read by the runner). */
function withoutTenant(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return raw;
  const { owner: _owner, app: _app, ...fields } = raw as Record<string, unknown>;
  return fields;
}

/** A request's own fields and no others (the app it is for aside). */
export function apiInput<Shape extends z.ZodRawShape>(shape: Shape, unsupported: Unsupported = {}) {
  return z.preprocess(withoutTenant, apiObject(shape, unsupported));
}

/** IDs callers choose (inputs, concepts, annotations) use the alphabet of the /v2 paths, so every one can be named in a URL. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export const apiId = z.string({ error: says("must be a string.") }).regex(ID, { error: says("must be 1 to 128 letters, digits, '-', '_' or '.', starting with a letter or digit.") });

/** At most this many resources are written or named in one request (Clarifai's batch size). */
export const MAX_BATCH = 128;

/** A list of 1 to MAX_BATCH items. */
export function batchOf<Item extends z.ZodType>(item: Item) {
  return z
    .array(item, { error: says("must be a list.") })
    .min(1, { error: says("must name at least one item.") })
    .max(MAX_BATCH, { error: says(`must name at most ${MAX_BATCH} items.`) });
}

function repeatedId<Item>(items: readonly Item[], idOf: (item: Item) => string | undefined): string | undefined {
  const seen = new Set<string>();
  for (const item of items) {
    const id = idOf(item);
    if (id === undefined) continue;
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}

/** Refuses a list that names one ID twice (a request names each resource once). */
export function noRepeats<Item>(list: z.ZodType<Item[]>, idOf: (item: Item) => string | undefined) {
  return list.refine((items) => repeatedId(items, idOf) === undefined, {
    error: (issue) => `${fieldPath(issue.path)} names the ID "${repeatedId(issue.input as Item[], idOf)}" more than once.`,
  });
}

/** IDs as a message lists them: `"a", "b"`. */
export function quotedIds(ids: readonly string[]): string {
  return ids.map((id) => `"${id}"`).join(", ");
}

/** A list of IDs, each at most once. */
export const idBatch = noRepeats(batchOf(apiId), (id) => id);

/** Query strings carry numbers as text; anything but a plain integer stays as sent and is refused. */
function fromQueryString(value: unknown): unknown {
  return typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}

function wholeNumber(min: number, max: number, fallback: number) {
  const rule = max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
  const message = { error: says(`must be ${rule}.`) };
  return z.preprocess(fromQueryString, z.number(message).int(message).min(min, message).max(max, message).default(fallback));
}

/** Clarifai's paging fields: `page` from 1, `per_page` from 1 to 1000 (20 by default). */
export const paging = {
  page: wholeNumber(1, Number.MAX_SAFE_INTEGER, 1),
  per_page: wholeNumber(1, 1000, 20),
};

/** The rows a page holds. */
export function pageWindow({ page, per_page }: { page: number; per_page: number }): { limit: number; offset: number } {
  return { limit: per_page, offset: (page - 1) * per_page };
}

/**
 * What in a string PostgreSQL cannot store, or null: text and jsonb refuse the NUL character, and
 * UTF-8 has no code for an unpaired surrogate (jsonb refuses it; text would quietly store U+FFFD).
 */
/** A string field that refuses what cannot be stored (every string a request may have stored or searched for). */
export function storable<Schema extends z.ZodString>(schema: Schema): Schema {
  return schema.refine((value) => unstorableText(value) === null, { error: (issue) => says(`must not hold ${unstorableText(issue.input as string)}: it cannot be stored.`)(issue) });
}

/**
 * How deep free JSON may nest. Much deeper values (a 1 MB body can nest 500 000 levels) parse, but
 * cannot be serialized again to be stored.
 */
const MAX_JSON_DEPTH = 32;

/** What in free JSON cannot be stored, and where, or null; looks no deeper than MAX_JSON_DEPTH. */
function unstorableJson(value: unknown, at: string, depth: number): string | null {
  const where = at === "" ? "" : ` at ${at}`;
  if (typeof value === "string") {
    const problem = unstorableText(value);
    return problem && `holds ${problem}${where}, which cannot be stored.`;
  }
  // Only `1e999` and the like get here: JSON has no infinite numbers, and jsonb would store null.
  if (typeof value === "number") return Number.isFinite(value) ? null : `holds a number too large for JSON${where}.`;
  if (typeof value !== "object" || value === null) return null;
  if (depth > MAX_JSON_DEPTH) return `nests more than ${MAX_JSON_DEPTH} levels deep.`;
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  for (const [key, inner] of entries) {
    if (typeof key === "string") {
      const problem = unstorableText(key);
      if (problem) return `holds ${problem} in a key${where}, which cannot be stored.`;
    }
    const found = unstorableJson(inner, typeof key === "number" ? `${at}[${key}]` : at === "" ? key : `${at}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Free JSON metadata (a protobuf Struct): an object, never a list or a value, that can be stored as sent. */
export const metadata = z
  .record(z.string(), z.unknown(), { error: says("must be a JSON object.") })
  .refine((value) => unstorableJson(value, "", 1) === null, { error: (issue) => says(unstorableJson(issue.input, "", 1) ?? "cannot be stored.")(issue) });

/** A concept's label value: 1 (it is the concept) or 0 (it is not); clients also send true and false. */
export const labelValue = z
  .union([z.literal(0), z.literal(1), z.boolean()], { error: says("must be 0 or 1 (or true or false).") })
  .default(1)
  .transform((value): 0 | 1 => (value === true || value === 1 ? 1 : 0));

/** Clarifai's patch actions (see lib/services/app-data.ts for what each does). */
export const patchAction = z.enum(["merge", "overwrite", "remove"], { error: says('must be "merge", "overwrite" or "remove".') });

/** A URL the server could fetch from: http or https only. */
export const httpUrl = storable(z.string({ error: says("must be a string.") }).max(2048, { error: says("must be at most 2048 characters.") })).pipe(z.url({ protocol: /^https?$/i, error: says("must be an http or https URL.") }));

export const conceptName = storable(
  z
    .string({ error: says("must be a string.") })
    .trim()
    .min(1, { error: says("must not be empty.") })
    .max(256, { error: says("must be at most 256 characters.") }),
);

/** Fields of Clarifai's Data this server does not store, on inputs and annotations alike. */
export const UNSUPPORTED_DATA: Unsupported = {
  geo: "geographic data is not stored.",
  regions: "region annotations (boxes, polygons, masks, points) are not supported: label the whole input with concepts.",
  frames: "video frame annotations are not supported: label the whole input with concepts.",
  time_segments: "time segment annotations are not supported: label the whole input with concepts.",
  embeddings: "this server computes and stores no embeddings.",
  audio: "audio inputs are not supported: send an image, a video or a text.",
};

/** The concepts an input or an annotation is labelled with: each by ID, with 1 (it is that) or 0 (it is not). */
export const labels = noRepeats(
  z
    .array(apiObject({ id: apiId, value: labelValue, name: conceptName.optional() }), { error: says("must be a list.") })
    .max(MAX_BATCH, { error: says(`must name at most ${MAX_BATCH} concepts.`) }),
  (label) => label.id,
);

/** The concepts and metadata of an input or an annotation, as added or patched. */
export function labelledData(unsupported: Unsupported = UNSUPPORTED_DATA) {
  return apiObject({ concepts: labels.optional(), metadata: metadata.optional() }, unsupported);
}
