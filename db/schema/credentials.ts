import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { apps } from "./organizations";

// Personal access tokens (user-wide) and app API keys (exactly one app). Only the SHA-256 of
// the secret is stored, with a hint for lists. `scopes` are operation scope names;
// `endpoint_scopes` null means every endpoint; `limited_to_apps` null means every app the owner
// reaches (a token limited to chosen apps lists their ids: an app deleted later stays listed and
// matches nothing, as ids are never reused). A credential never exceeds its owner's current
// access: grants are intersected at request time by lib/authz.
//
// A collaboration token is the PAT that comes with a collaboration (`collaboration_app_id`): it
// exists from the moment the collaboration does, with the collaboration's scopes, but its secret
// is minted only when its owner reveals it. Until then `secret_hash` and `hint` are null, so no
// secret can match it.
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
    secretHash: text("secret_hash"),
    hint: text("hint"),
    scopes: text("scopes").array().notNull(),
    endpointScopes: text("endpoint_scopes").array(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    /** A personal access token limited to chosen apps: their ids (apps.id); null: every app its owner reaches. */
    limitedToApps: text("limited_to_apps").array(),
    collaborationAppId: text("collaboration_app_id").references(() => apps.id, { onDelete: "cascade" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("credentials_secret_hash_unique").on(t.secretHash),
    check("credentials_app_key_has_app", sql`(${t.kind} = 'app_key') = (${t.appId} is not null)`),
    check("credentials_collaboration_token_is_pat", sql`${t.collaborationAppId} is null or ${t.kind} = 'pat'`),
    check("credentials_app_limit_on_tokens", sql`${t.limitedToApps} is null or (${t.kind} = 'pat' and cardinality(${t.limitedToApps}) > 0)`),
    check("credentials_hint_with_secret", sql`(${t.secretHash} is null) = (${t.hint} is null)`),
    check("credentials_only_collaboration_tokens_unrevealed", sql`${t.secretHash} is not null or ${t.collaborationAppId} is not null`),
    uniqueIndex("credentials_one_live_collaboration_token").on(t.userId, t.collaborationAppId).where(sql`${t.collaborationAppId} is not null and ${t.revokedAt} is null`),
    index("credentials_user_idx").on(t.userId, t.kind),
    index("credentials_app_idx").on(t.appId),
  ],
);
