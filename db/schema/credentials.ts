import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { apps } from "./organizations";

// Personal access tokens (user-wide) and app API keys (exactly one app). Only the SHA-256 of
// the secret is stored, with a hint for lists. `scopes` are operation scope names;
// `endpoint_scopes` null means every endpoint. A credential never exceeds its owner's current
// access: grants are intersected at request time by lib/authz.
export const credentials = pgTable(
  "credentials",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["pat", "app_key"] }).notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    appId: text("app_id").references(() => apps.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    secretHash: text("secret_hash").notNull(),
    hint: text("hint").notNull(),
    scopes: text("scopes").array().notNull(),
    endpointScopes: text("endpoint_scopes").array(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("credentials_secret_hash_unique").on(t.secretHash),
    check("credentials_app_key_has_app", sql`(${t.kind} = 'app_key') = (${t.appId} is not null)`),
    index("credentials_user_idx").on(t.userId, t.kind),
    index("credentials_app_idx").on(t.appId),
  ],
);
