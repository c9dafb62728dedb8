import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { apps } from "./organizations";

// A user given operation scopes on one app. `scopes` holds operation scope names (lib/authz owns
// what they mean); `endpoint_scopes` null means every endpoint. Managing collaborators is a later
// feature; access checks and "apps I can reach" already count this layer.
export const collaborators = pgTable(
  "collaborators",
  {
    id: text("id").primaryKey(),
    appId: text("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    endpointScopes: text("endpoint_scopes").array(),
    addedBy: text("added_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("collaborators_app_user_unique").on(t.appId, t.userId), index("collaborators_user_idx").on(t.userId)],
);
