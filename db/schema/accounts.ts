import { sql } from "drizzle-orm";
import { check, integer, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// Users and organizations share one namespace of handles (a URL segment names either), so the
// `handles` table owns uniqueness for both; `key` is the lower-cased handle.
export const handles = pgTable(
  "handles",
  {
    key: text("key").primaryKey(),
    kind: text("kind", { enum: ["user", "org"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("handles_key_lower", sql`${t.key} = lower(${t.key})`)],
);

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    handle: text("handle").notNull(),
    handleKey: text("handle_key")
      .notNull()
      .references(() => handles.key),
    name: text("name").notNull(),
    // Always stored lower-cased and trimmed: uniqueness is case-insensitive.
    email: text("email").notNull(),
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    passwordHash: text("password_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_handle_key_unique").on(t.handleKey),
    uniqueIndex("users_email_unique").on(t.email),
    check("users_email_lower", sql`${t.email} = lower(${t.email})`),
  ],
);

// Single-use email verification links; only the SHA-256 of the token is kept.
export const emailVerifications = pgTable(
  "email_verifications",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("email_verifications_user_idx").on(t.userId)],
);

// Fixed-window counters for sign-in throttling. Kept in the database, not in process memory,
// so every web instance behind a load balancer sees the same counts.
export const rateLimits = pgTable("rate_limits", {
  bucket: text("bucket").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  hits: integer("hits").notNull().default(0),
});
