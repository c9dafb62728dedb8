// The /v2 concepts methods as operation descriptors (API-NOTES §2): list, get, add, rename. A
// concept is an ID and a name within one app; inputs and annotations also create the concepts
// they name (createNamedConcepts). Clarifai deletes no concepts, and neither does this server.

import { z } from "zod";
import { conceptLabelCounts, findConcepts, insertConcepts, listConcepts as listConceptRows, renameConcept, searchConceptsByPrefix } from "@/db/queries/concepts";
import { failBecause, ok } from "@/lib/result";
import { NOT_FOUND, addMissingConcepts, apiConcept, type ApiConcept } from "@/lib/services/app-data";
import { apiId, apiInput, apiObject, batchOf, conceptName, noRepeats, pageWindow, paging, quotedIds, says, storable, type Unsupported } from "./api-input";
import { auditBatch } from "./batch-audit";
import { defineAppOperation, type AppTenant, type OperationContext } from "./operation";

const UNSUPPORTED_CONCEPT: Unsupported = {
  language: "concepts are named in English only.",
  definition: "concept definitions are not stored.",
  vocab_id: "vocabularies are not supported.",
  visibility: "a concept is as visible as its app.",
};

/**
 * A concept's `value` as Clarifai's clients send it with every concept (1 unless set): it scores a
 * concept on an input, and says nothing about the concept itself, so adding or renaming one ignores it.
 */
const ignoredValue = z.union([z.number(), z.boolean()], { error: says("must be a number.") }).optional();

/**
 * Creates the concepts an input or annotation names that the app lacks, recording each: Clarifai
 * creates a concept on its first use.
 */
export async function createNamedConcepts({ tx, tenant, audit }: Pick<OperationContext<AppTenant>, "tx" | "tenant" | "audit">, named: readonly { id: string; name?: string }[]): Promise<void> {
  const created = await addMissingConcepts(tx, tenant.app, named);
  auditBatch(audit, tenant.app, "concept.created", created.map((row) => ({ targetType: "concept", targetId: row.conceptId, after: { name: row.name } })));
}

export const listConcepts = defineAppOperation({
  name: "concepts.list",
  input: apiInput(paging),
  authorize: { endpoint: "/clarifai.api.V2/ListConcepts" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const rows = await listConceptRows(tx, { appRef: tenant.app.id, ...pageWindow(input) });
    return ok({ concepts: rows.map((row) => apiConcept(row, tenant.app)) });
  },
});

/**
 * GetConceptCounts: for each of the app's concepts, how many inputs are labelled with it (positive)
 * and against it (negative). Nothing is processed after an input is stored, so all are processed.
 */
export const getConceptCounts = defineAppOperation({
  name: "concepts.count",
  input: apiInput(paging),
  authorize: { endpoint: "/clarifai.api.V2/GetConceptCounts" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const rows = await conceptLabelCounts(tx, { appRef: tenant.app.id, ...pageWindow(input) });
    const none = { positive: 0, negative: 0 };
    return ok({
      concept_counts: rows.map((row) => {
        const counted = { positive: row.positive, negative: row.negative };
        return { id: row.conceptId, name: row.name, concept_type_count: counted, detail_concept_count: { processed: counted, to_process: none, errors: none, processing: none } };
      }),
    });
  },
});

const conceptQuery = apiObject(
  // A trailing * is Clarifai's "starts with"; a name is always matched as a prefix here.
  { name: storable(z.string({ error: says("must be a string.") }).max(256, { error: says("must be at most 256 characters.") })) },
  { language: "concepts are named in English only.", workflow_id: "concepts are searched by name only.", use_cases: "concepts are searched by name only.", model: "concepts are searched by name only.", workflow: "concepts are searched by name only." },
);

/** PostConceptsSearches: the app's concepts whose name or ID starts with the query's name (all, without one). */
export const postConceptsSearches = defineAppOperation({
  name: "concepts.search",
  input: apiInput({ concept_query: conceptQuery.optional(), pagination: apiObject(paging).prefault({}) }, { extra_info: "concepts carry no extra information here." }),
  authorize: { endpoint: "/clarifai.api.V2/PostConceptsSearches" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const prefix = (input.concept_query?.name ?? "").replace(/\*+$/, "").trim();
    const rows = await searchConceptsByPrefix(tx, { appRef: tenant.app.id, prefix, ...pageWindow(input.pagination) });
    return ok({ concepts: rows.map((row) => apiConcept(row, tenant.app)) });
  },
});

export const getConcept = defineAppOperation({
  name: "concepts.get",
  input: apiInput({ concept_id: apiId }),
  authorize: { endpoint: "/clarifai.api.V2/GetConcept" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const [row] = await findConcepts(tx, { appRef: tenant.app.id, conceptIds: [input.concept_id] });
    if (!row) return failBecause("concept_not_found", "not_found", NOT_FOUND.concept);
    return ok({ concept: apiConcept(row, tenant.app) });
  },
});

const DUPLICATE_CONCEPT = failBecause("duplicate_concept", "invalid_input", "The app already has a concept with one of these IDs: duplicate concept IDs are refused.");

export const postConcepts = defineAppOperation({
  name: "concepts.create",
  input: apiInput({ concepts: noRepeats(batchOf(apiObject({ id: apiId, name: conceptName.optional(), value: ignoredValue }, UNSUPPORTED_CONCEPT)), (concept) => concept.id) }),
  authorize: { endpoint: "/clarifai.api.V2/PostConcepts" },
  // Two requests adding the same ID at once: the second is refused like any duplicate.
  conflicts: { concepts_app_ref_concept_id_pk: DUPLICATE_CONCEPT },
  async run({ tx, tenant, audit }, input) {
    const appRef = tenant.app.id;
    const taken = await findConcepts(tx, { appRef, conceptIds: input.concepts.map((concept) => concept.id) });
    if (taken.length > 0) {
      return failBecause("duplicate_concept", "invalid_input", `The app already has the concept ${quotedIds(taken.map((row) => row.conceptId))}: duplicate concept IDs are refused.`);
    }
    const rows = await insertConcepts(tx, { appRef, rows: input.concepts.map(({ id, name }) => ({ conceptId: id, name: name ?? id })) });
    const byId = new Map(rows.map((row) => [row.conceptId, row]));
    const concepts: ApiConcept[] = input.concepts.map(({ id }) => apiConcept(byId.get(id)!, tenant.app));
    auditBatch(audit, tenant.app, "concept.created", concepts.map((concept) => ({ targetType: "concept", targetId: concept.id, after: { name: concept.name } })));
    return ok({ concepts });
  },
});

export const patchConcepts = defineAppOperation({
  name: "concepts.rename",
  input: apiInput({
    concepts: noRepeats(batchOf(apiObject({ id: apiId, name: conceptName, value: ignoredValue }, UNSUPPORTED_CONCEPT)), (concept) => concept.id),
    action: z.literal("overwrite", { error: says('must be "overwrite": a concept\'s name is the only thing patched, by overwriting it.') }),
  }),
  authorize: { endpoint: "/clarifai.api.V2/PatchConcepts" },
  async run({ tx, tenant, audit }, input) {
    const appRef = tenant.app.id;
    const current = new Map((await findConcepts(tx, { appRef, conceptIds: input.concepts.map((concept) => concept.id) })).map((row) => [row.conceptId, row]));
    const missing = input.concepts.filter((concept) => !current.has(concept.id)).map((concept) => concept.id);
    if (missing.length > 0) return failBecause("concept_not_found", "not_found", `${NOT_FOUND.concept}: ${quotedIds(missing)}.`);
    const concepts: ApiConcept[] = [];
    for (const { id, name } of input.concepts) {
      const renamed = await renameConcept(tx, { appRef, conceptId: id, name });
      concepts.push(apiConcept(renamed!, tenant.app));
    }
    auditBatch(audit, tenant.app, "concept.renamed", input.concepts.map(({ id, name }) => ({ targetType: "concept", targetId: id, before: { name: current.get(id)!.name }, after: { name } })));
    return ok({ concepts });
  },
});
