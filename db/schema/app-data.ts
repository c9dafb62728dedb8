import { sql } from "drizzle-orm";
import { bigint, date, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { credentials } from "./credentials";
import { apps, organizations } from "./organizations";

// An app's data as the /v2 API serves it (API-NOTES §2): inputs, concepts, annotations, and model
// and workflow records. Every row belongs to one app (`app_ref` = apps.id, the tenant of every
// query); the IDs callers use (`input_id`, `concept_id` …) are unique within the app only.
// This server runs no models: models and workflows are records, never executed.

/**
 * An input's `data` is kept as the API shapes it — `{image: {url}}`, `{video: {url}}` or
 * `{text: {raw}}`, with `concepts: [{id, value}]` and `metadata: {…}` — so that searches by
 * concept or by metadata are JSON containment (`data @> …`) served by one GIN index.
 */
export type InputData = {
  image?: { url: string };
  video?: { url: string };
  text?: { raw: string };
  concepts?: { id: string; value: number }[];
  metadata?: Record<string, unknown>;
};

export const inputs = pgTable(
  "inputs",
  {
    id: text("id").primaryKey(),
    appRef: text("app_ref")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    inputId: text("input_id").notNull(),
    data: jsonb("data").$type<InputData>().notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    modifiedAt: timestamp("modified_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("inputs_app_input_id_unique").on(t.appRef, t.inputId),
    // Target of annotations' composite foreign key: an annotation labels an input of its own app.
    unique("inputs_app_ref_id_unique").on(t.appRef, t.id),
    // Lists are newest first within the app.
    index("inputs_app_created_idx").on(t.appRef, t.createdAt, t.id),
    index("inputs_data_gin_idx").using("gin", sql`${t.data} jsonb_path_ops`),
  ],
);

export const concepts = pgTable(
  "concepts",
  {
    appRef: text("app_ref")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    conceptId: text("concept_id").notNull(),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    modifiedAt: timestamp("modified_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.appRef, t.conceptId] })],
);

/** An annotation's `data`: the concepts it labels the input with, and free metadata. */
export type AnnotationData = { concepts?: { id: string; value: number }[]; metadata?: Record<string, unknown> };

export const annotations = pgTable(
  "annotations",
  {
    id: text("id").primaryKey(),
    appRef: text("app_ref")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    annotationId: text("annotation_id").notNull(),
    inputRef: text("input_ref").notNull(),
    data: jsonb("data").$type<AnnotationData>().notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    modifiedAt: timestamp("modified_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: "annotations_input_fk", columns: [t.appRef, t.inputRef], foreignColumns: [inputs.appRef, inputs.id] }).onDelete("cascade"),
    uniqueIndex("annotations_app_annotation_id_unique").on(t.appRef, t.annotationId),
    index("annotations_input_idx").on(t.inputRef),
    index("annotations_app_created_idx").on(t.appRef, t.createdAt, t.id),
    index("annotations_data_gin_idx").using("gin", sql`${t.data} jsonb_path_ops`),
  ],
);

export const models = pgTable(
  "models",
  {
    appRef: text("app_ref")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    modelId: text("model_id").notNull(),
    name: text("name").notNull(),
    modelTypeId: text("model_type_id").notNull(),
    description: text("description").notNull().default(""),
    /** The concepts the model is declared to output (a record: nothing is trained here). */
    conceptIds: text("concept_ids").array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    modifiedAt: timestamp("modified_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the one version the record implies was deleted (DeleteModelVersion); null while it exists. */
    versionDeletedAt: timestamp("version_deleted_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.appRef, t.modelId] })],
);

/** A workflow's nodes: each runs one of the app's models (a record: nothing runs here). */
export type WorkflowNode = { id: string; model: { id: string } };

export const workflows = pgTable(
  "workflows",
  {
    appRef: text("app_ref")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    workflowId: text("workflow_id").notNull(),
    nodes: jsonb("nodes").$type<WorkflowNode[]>().notNull(),
    description: text("description").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    modifiedAt: timestamp("modified_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.appRef, t.workflowId] })],
);

/**
 * Allowed API calls, counted per (app, credential, endpoint, hour) — one upserted row per
 * combination, not a row per request — with the app's owner (a user or an organization) copied
 * so usage can be summed per owner after an app moves. Calls on an account rather than an app
 * (its keys, its apps list …) have no app and count for the credential's user. The costs page
 * reads this.
 */
export const apiUsage = pgTable(
  "api_usage",
  {
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    appRef: text("app_ref").references(() => apps.id, { onDelete: "cascade" }),
    credentialId: text("credential_id")
      .notNull()
      .references(() => credentials.id, { onDelete: "cascade" }),
    endpoint: text("endpoint").notNull(),
    ownerOrgId: text("owner_org_id").references(() => organizations.id, { onDelete: "cascade" }),
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "cascade" }),
    calls: bigint("calls", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    // No app is one key too: an account's calls count in one row per credential, endpoint and hour.
    unique("api_usage_call_hour_unique").on(t.appRef, t.credentialId, t.endpoint, t.hour).nullsNotDistinct(),
    index("api_usage_org_hour_idx").on(t.ownerOrgId, t.hour),
    index("api_usage_user_hour_idx").on(t.ownerUserId, t.hour),
  ],
);

// Running sums of an organization's api_usage by price category, each cut the way one view of the
// costs page reads it, so that what a month costs is read from a few thousand rows however many
// hours it had. PostgreSQL keeps them equal to api_usage: triggers on api_usage (migration 0020)
// add every inserted, updated or deleted row's calls under its endpoint's category, cascaded
// deletes of apps, credentials and organizations included, so no writer can forget them. They
// carry no foreign keys for that reason: a row whose app was deleted is brought to zero by the
// trigger and removed. Only organization-owned usage is summed (the costs page is the
// organization's). A call is summed under the category its endpoint had when it was metered.

/**
 * Each API endpoint's price category (lib/finance/categories.ts), which the triggers read; an
 * endpoint missing here counts as a read. Written by migrations; a test fails when it and the code
 * part ways, so an endpoint added or moved comes with a migration.
 */
export const apiEndpointCategories = pgTable("api_endpoint_categories", {
  endpoint: text("endpoint").primaryKey(),
  category: text("category").notNull(),
});

/** Calls per (organization, UTC month, app, category): the costs page's lines. */
export const apiUsageAppMonthly = pgTable(
  "api_usage_app_monthly",
  {
    ownerOrgId: text("owner_org_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    appRef: text("app_ref").notNull(),
    category: text("category").notNull(),
    calls: bigint("calls", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "api_usage_app_monthly_pk", columns: [t.ownerOrgId, t.month, t.appRef, t.category] })],
);

/** Calls per (organization, UTC month, credential, category): the costs page's top credentials. */
export const apiUsageCredentialMonthly = pgTable(
  "api_usage_credential_monthly",
  {
    ownerOrgId: text("owner_org_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    credentialId: text("credential_id").notNull(),
    category: text("category").notNull(),
    calls: bigint("calls", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "api_usage_credential_monthly_pk", columns: [t.ownerOrgId, t.month, t.credentialId, t.category] })],
);

/** Calls per (organization, UTC day, category): the costs page's spend by day. */
export const apiUsageDaily = pgTable(
  "api_usage_daily",
  {
    ownerOrgId: text("owner_org_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    category: text("category").notNull(),
    calls: bigint("calls", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "api_usage_daily_pk", columns: [t.ownerOrgId, t.day, t.category] })],
);
