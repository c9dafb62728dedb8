// The /v2 searches as operation descriptors: PostSearches finds inputs, PostAnnotationsSearches
// annotations, by the concepts they are labelled with and by their metadata (JSON containment,
// served by the GIN indexes). Both read the legacy body the `clarifai` JS client sends,
// `{query: {ands}, pagination}`, and the newer `{searches: [{query: {filters, ranks}}]}`. A search
// by image or by visual similarity (`output: {input}`, `ranks`) needs a model to embed the query;
// this server runs none, so it answers that plainly instead of making results up.

import { z } from "zod";
import { searchAnnotations, type AnnotationSearchClause } from "@/db/queries/annotations";
import { findConceptsByName } from "@/db/queries/concepts";
import { searchInputs } from "@/db/queries/inputs";
import type { DbOrTx } from "@/db/client";
import { failBecause, ok, type Failure } from "@/lib/result";
import { apiAnnotations, apiInputs, newResourceId, type ApiAnnotation, type ApiInput, type Metadata } from "@/lib/services/app-data";
import { UNSUPPORTED_DATA, apiId, apiInput, apiObject, batchOf, conceptName, httpUrl, labelValue, metadata, pageWindow, paging, says } from "./api-input";
import { defineAppOperation } from "./operation";

const MAX_CLAUSES = 32;

const conceptCriterion = apiObject({ id: apiId.optional(), name: conceptName.optional(), value: labelValue }).refine((concept) => concept.id !== undefined || concept.name !== undefined, {
  error: says("must have an id or a name."),
});

/** What a clause looks for in the data of an input or an annotation; an image or video by its exact URL. */
const dataCriterion = apiObject(
  {
    concepts: batchOf(conceptCriterion).optional(),
    metadata: metadata.optional(),
    image: apiObject({ url: httpUrl }, { base64: "a search by image contents needs a model: search by the image's URL, concepts or metadata." }).optional(),
    video: apiObject({ url: httpUrl }).optional(),
  },
  UNSUPPORTED_DATA,
);
type DataCriterion = z.infer<typeof dataCriterion>;

const about = apiObject({ data: dataCriterion });
const negate = z.boolean({ error: says("must be true or false.") }).optional();
/** Taken as sent: a search by a model's output is refused whatever it holds. */
const modelQuery = z.record(z.string(), z.unknown(), { error: says("must be a JSON object.") });

function exactlyOne(fields: readonly string[]) {
  return [
    (clause: Record<string, unknown>) => fields.filter((field) => clause[field] !== undefined).length === 1,
    { error: says(`must have exactly one of ${fields.join(", ")}.`) },
  ] as const;
}

/** A legacy clause: `input` (labelled data), `annotation`, or `output` (a model's predictions, or visual similarity with `output.input`). */
const legacyClause = apiObject({ input: about.optional(), annotation: about.optional(), output: modelQuery.optional(), negate }).refine(...exactlyOne(["input", "annotation", "output"]));
const filter = apiObject({ input: about.optional(), annotation: about.optional(), negate }, { last_updated_time_range: "filtering by time is not supported." }).refine(
  ...exactlyOne(["input", "annotation"]),
);
const clauses = <Item extends z.ZodType>(item: Item) => z.array(item, { error: says("must be a list.") }).max(MAX_CLAUSES, { error: says(`must have at most ${MAX_CLAUSES} clauses.`) });

const query = apiObject({ ands: clauses(legacyClause).optional(), filters: clauses(filter).optional(), ranks: clauses(modelQuery).optional() }, { language: "concepts are named in English only." });
const search = apiObject({ query }, { save: "searches are not saved.", as_of: "searches see the data as it is now." });
const oneSearch = z.array(search, { error: says("must be a list.") }).length(1, { error: says("must hold exactly one search.") });
const pagination = apiObject(paging).prefault({});

type Clause = { on: "input" | "annotation"; data: DataCriterion; negate: boolean };
type Query = z.infer<typeof query>;
/** A search as this server runs it; `model` says a model would be needed, and which kind of search asked for it. */
type SearchPlan = { clauses: Clause[]; model: "visual" | "predicted" | null; page: number; per_page: number };

function plan(query: Query, { page, per_page }: { page: number; per_page: number }): SearchPlan {
  const found: Clause[] = [];
  const take = (clause: { input?: { data: DataCriterion }; annotation?: { data: DataCriterion }; negate?: boolean }) => {
    const negate = clause.negate ?? false;
    if (clause.input) found.push({ on: "input", data: clause.input.data, negate });
    if (clause.annotation) found.push({ on: "annotation", data: clause.annotation.data, negate });
  };
  // Ranking scores inputs by their visual embeddings, whatever a rank names.
  let visual = (query.ranks ?? []).length > 0;
  let predicted = false;
  for (const clause of query.ands ?? []) {
    if (clause.output) {
      visual ||= clause.output.input !== undefined;
      predicted ||= clause.output.input === undefined;
    } else take(clause);
  }
  for (const clause of query.filters ?? []) take(clause);
  return { clauses: found, model: visual ? "visual" : predicted ? "predicted" : null, page, per_page };
}

const NO_MODEL: Record<"visual" | "predicted", Failure> = {
  visual: failBecause("no_model_runtime", "invalid_input", "This server runs no models: visual search is not available."),
  predicted: failBecause("no_model_runtime", "invalid_input", "This server runs no models: search by predicted concepts is not available."),
};

/**
 * Clauses as containment tests on stored data (see SearchClause in db/queries/inputs.ts): each
 * concept, the metadata, and a URL are one entry each; a concept named by its name becomes any of
 * the concepts with that name (none: the entry holds for nothing).
 */
async function containment(tx: DbOrTx, appRef: string, found: readonly Clause[]): Promise<AnnotationSearchClause[]> {
  const names = [...new Set(found.flatMap((clause) => (clause.data.concepts ?? []).filter((concept) => concept.id === undefined).map((concept) => concept.name!.toLowerCase())))];
  const idsByName = new Map<string, string[]>();
  for (const row of await findConceptsByName(tx, { appRef, names })) {
    const key = row.name.toLowerCase();
    idsByName.set(key, [...(idsByName.get(key) ?? []), row.conceptId]);
  }
  return found.map(({ on, data, negate }) => {
    const allOf: Metadata[][] = (data.concepts ?? []).map(({ id, name, value }) => (id !== undefined ? [id] : (idsByName.get(name!.toLowerCase()) ?? [])).map((conceptId) => ({ concepts: [{ id: conceptId, value }] })));
    if (data.metadata) allOf.push([{ metadata: data.metadata }]);
    if (data.image) allOf.push([{ image: { url: data.image.url } }]);
    if (data.video) allOf.push([{ video: { url: data.video.url } }]);
    return { on, allOf, negate };
  });
}

export const postSearches = defineAppOperation({
  name: "searches.inputs",
  input: apiInput({ query: query.optional(), searches: oneSearch.optional(), pagination })
    .refine((body) => (body.query === undefined) !== (body.searches === undefined), { error: says("must have either query or searches.") })
    .transform((body) => plan(body.query ?? body.searches![0]!.query, body.pagination)),
  authorize: { endpoint: "/clarifai.api.V2/PostSearches", visualQuery: (input) => input.model === "visual" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    if (input.model) return NO_MODEL[input.model];
    const appRef = tenant.app.id;
    const rows = await searchInputs(tx, { appRef, clauses: await containment(tx, appRef, input.clauses), ...pageWindow(input) });
    const inputs = await apiInputs(tx, tenant.app, rows);
    const hits: { score: number; input: ApiInput }[] = inputs.map((shaped) => ({ score: 1, input: shaped }));
    return ok({ id: newResourceId(), hits });
  },
});

export const postAnnotationsSearches = defineAppOperation({
  name: "searches.annotations",
  input: apiInput({ searches: oneSearch, pagination }).transform((body) => plan(body.searches[0]!.query, body.pagination)),
  authorize: { endpoint: "/clarifai.api.V2/PostAnnotationsSearches", visualQuery: (input) => input.model === "visual" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    if (input.model) return NO_MODEL[input.model];
    const appRef = tenant.app.id;
    const found = await searchAnnotations(tx, { appRef, clauses: await containment(tx, appRef, input.clauses), ...pageWindow(input) });
    const annotations = await apiAnnotations(tx, tenant.app, found.map((hit) => hit.annotation));
    const inputs = await apiInputs(tx, tenant.app, found.map((hit) => hit.input));
    const hits: { score: number; annotation: ApiAnnotation; input: ApiInput }[] = found.map((_, index) => ({ score: 1, annotation: annotations[index]!, input: inputs[index]! }));
    return ok({ id: newResourceId(), hits });
  },
});
