// An app's data as the /v2 API answers it (API-NOTES §2: Input, Concept, Annotation, snake_case,
// RFC 3339 times), and the rules its inputs, concepts, annotations and searches share: IDs the
// server picks, concepts created on first use, and Clarifai's PATCH actions.

import { randomBytes } from "node:crypto";
import type { DbOrTx } from "@/db/client";
import type { AnnotationRow } from "@/db/queries/annotations";
import { findConcepts, insertMissingConcepts, type ConceptRow } from "@/db/queries/concepts";
import type { InputRow, ListedInputRow } from "@/db/queries/inputs";
import type { AppRecord } from "./access";

/** The app as its data names it: the internal id for queries, the app ID for answers. */
export type AppOfData = Pick<AppRecord, "id" | "appId">;

export type Label = { id: string; value: number };
export type Metadata = Record<string, unknown>;
/** What both inputs and annotations carry: concepts they are labelled with, and free metadata. */
export type Labelled = { concepts?: Label[]; metadata?: Metadata };

export type ApiStatus = { code: number; description: string };
export type ApiLabel = { id: string; name: string; value: number; app_id: string };
export type ApiInput = {
  id: string;
  data: { image?: { url: string }; video?: { url: string }; text?: { raw: string }; concepts: ApiLabel[]; metadata: Metadata };
  created_at: string;
  modified_at: string;
  status: ApiStatus;
};
export type ApiConcept = { id: string; name: string; value: number; created_at: string; modified_at: string; app_id: string; language: string };
export type ApiAnnotation = { id: string; input_id: string; data: { concepts: ApiLabel[]; metadata: Metadata }; created_at: string; modified_at: string; status: ApiStatus };

// Inputs are stored as given and nothing is fetched, so every input is as ready as it gets.
const INPUT_READY: ApiStatus = { code: 30000, description: "Download complete" };
const ANNOTATION_DONE: ApiStatus = { code: 24150, description: "Annotation success" };

/** What the API answers when an ID names nothing in the app (Clarifai's descriptions). */
export const NOT_FOUND = { input: "Input does not exist", concept: "Concept does not exist", annotation: "Annotation does not exist" } as const;

/** An ID the server picks when the caller gives none, in Clarifai's form: 32 hex characters. */
export function newResourceId(): string {
  return randomBytes(16).toString("hex");
}

/** The names of the concepts the given data are labelled with (names live on the concepts). */
async function conceptNames(tx: DbOrTx, app: AppOfData, data: readonly Labelled[]): Promise<Map<string, string>> {
  const ids = [...new Set(data.flatMap((item) => (item.concepts ?? []).map((label) => label.id)))];
  const rows = await findConcepts(tx, { appRef: app.id, conceptIds: ids });
  return new Map(rows.map((row) => [row.conceptId, row.name]));
}

function apiLabels(labels: readonly Label[] | undefined, names: Map<string, string>, app: AppOfData): ApiLabel[] {
  return (labels ?? []).map(({ id, value }) => ({ id, name: names.get(id) ?? id, value, app_id: app.appId }));
}

export async function apiInputs(tx: DbOrTx, app: AppOfData, rows: readonly InputRow[]): Promise<ApiInput[]> {
  const names = rows.every((row) => row.conceptNames)
    ? new Map(rows.flatMap((row) => Object.entries(row.conceptNames!)))
    : await conceptNames(tx, app, rows.map((row) => row.data));
  return rows.map((row) => apiInput(row, row.createdAt.toISOString(), row.modifiedAt.toISOString(), names, app));
}

/** A page of inputs as listed (their times already written in the API's form). */
export function apiListedInputs(app: AppOfData, rows: readonly ListedInputRow[]): ApiInput[] {
  const names = new Map(rows.flatMap((row) => Object.entries(row.conceptNames)));
  return rows.map((row) => apiInput(row, row.createdAt, row.modifiedAt, names, app));
}

function apiInput({ inputId, data }: Pick<InputRow, "inputId" | "data">, createdAt: string, modifiedAt: string, names: Map<string, string>, app: AppOfData): ApiInput {
  // Built field by field, in the order clients see: every page of inputs runs this per input.
  const answered: ApiInput["data"] = {} as ApiInput["data"];
  if (data.image) answered.image = { url: data.image.url };
  if (data.video) answered.video = { url: data.video.url };
  if (data.text) answered.text = { raw: data.text.raw };
  answered.concepts = apiLabels(data.concepts, names, app);
  answered.metadata = data.metadata ?? {};
  return { id: inputId, data: answered, created_at: createdAt, modified_at: modifiedAt, status: INPUT_READY };
}

export async function apiAnnotations(tx: DbOrTx, app: AppOfData, rows: readonly AnnotationRow[]): Promise<ApiAnnotation[]> {
  const names = await conceptNames(tx, app, rows.map((row) => row.data));
  return rows.map(({ annotationId, inputId, data, createdAt, modifiedAt }) => ({
    id: annotationId,
    input_id: inputId,
    data: { concepts: apiLabels(data.concepts, names, app), metadata: data.metadata ?? {} },
    created_at: createdAt.toISOString(),
    modified_at: modifiedAt.toISOString(),
    status: ANNOTATION_DONE,
  }));
}

export function apiConcept(row: ConceptRow, app: AppOfData): ApiConcept {
  return { id: row.conceptId, name: row.name, value: 1, created_at: row.createdAt.toISOString(), modified_at: row.modifiedAt.toISOString(), app_id: app.appId, language: "en" };
}

/**
 * Adds the concepts an input or annotation names that the app does not have yet, as Clarifai does
 * (the name defaults to the ID; the first name given for an ID wins). Returns those it added.
 */
export async function addMissingConcepts(tx: DbOrTx, app: AppOfData, named: readonly { id: string; name?: string }[]): Promise<ConceptRow[]> {
  const rows = new Map<string, string>();
  for (const { id, name } of named) if (!rows.has(id)) rows.set(id, name ?? id);
  return insertMissingConcepts(tx, { appRef: app.id, rows: [...rows].map(([conceptId, name]) => ({ conceptId, name })) });
}

/** Labels as stored: a concept's name, when a request gives one, belongs to the concept. */
export function storedLabels(given: readonly Label[]): Label[] {
  return given.map(({ id, value }) => ({ id, value }));
}

/** Rows in the order a request named them (every ID must have its row). */
export function inRequestOrder<Row>(ids: readonly string[], rows: readonly Row[], idOf: (row: Row) => string): Row[] {
  const byId = new Map(rows.map((row) => [idOf(row), row]));
  return ids.map((id) => byId.get(id)!);
}

export type PatchAction = "merge" | "overwrite" | "remove";

function isObject(value: unknown): value is Metadata {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Built through Map and Object.fromEntries rather than assignment, so that a "__proto__" key in
// the JSON stays a key like any other.
function mergeMetadata(current: Metadata, patch: Metadata): Metadata {
  const merged = new Map(Object.entries(current));
  for (const [key, value] of Object.entries(patch)) {
    const inner = merged.get(key);
    merged.set(key, isObject(value) && isObject(inner) ? mergeMetadata(inner, value) : value);
  }
  return Object.fromEntries(merged);
}

/** Removes each key the patch names; a non-empty object names keys inside the current one. */
function removeMetadata(current: Metadata, patch: Metadata): Metadata {
  const kept = new Map(Object.entries(current));
  for (const [key, value] of Object.entries(patch)) {
    const inner = kept.get(key);
    if (isObject(value) && Object.keys(value).length > 0 && isObject(inner)) kept.set(key, removeMetadata(inner, value));
    else kept.delete(key);
  }
  return Object.fromEntries(kept);
}

function patchConcepts(current: readonly Label[], patch: readonly Label[], action: PatchAction): Label[] {
  if (action === "overwrite") return [...patch];
  const named = new Map(patch.map((label) => [label.id, label]));
  if (action === "remove") return current.filter((label) => !named.has(label.id));
  const kept = current.map((label) => named.get(label.id) ?? label);
  const known = new Set(current.map((label) => label.id));
  return [...kept, ...patch.filter((label) => !known.has(label.id))];
}

/**
 * Clarifai's PATCH actions on concepts and metadata (only the fields the patch carries change):
 * "overwrite" replaces the field; "merge" updates concepts by ID and appends new ones, and merges
 * metadata objects key by key, recursively (other values, lists included, are replaced);
 * "remove" drops the concepts with the IDs given and the metadata keys given.
 */
export function patchLabelled<Data extends Labelled>(current: Data, patch: Labelled, action: PatchAction): Data {
  const next: Data = { ...current };
  if (patch.concepts) next.concepts = patchConcepts(current.concepts ?? [], patch.concepts, action);
  if (patch.metadata) {
    const metadata = current.metadata ?? {};
    next.metadata = action === "overwrite" ? patch.metadata : action === "merge" ? mergeMetadata(metadata, patch.metadata) : removeMetadata(metadata, patch.metadata);
  }
  return next;
}
