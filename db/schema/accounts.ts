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
    // An address the person asked to move to. It replaces `email` only once its link is followed,
    // so until then it signs nobody in and receives no grant addressed by email.
    pendingEmail: text("pending_email"),
    passwordHash: text("password_hash").notNull(),
    // Copied into each session token at sign-in; raising it ends every session that carries an
    // older value on its next request (sign out everywhere, password change and reset).
    sessionVersion: integer("session_version").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_handle_key_unique").on(t.handleKey),
    uniqueIndex("users_email_unique").on(t.email),
    check("users_email_lower", sql`${t.email} = lower(${t.email})`),
    check("users_pending_email_lower", sql`${t.pendingEmail} = lower(${t.pendingEmail})`),
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

// Single-use password reset links, stored by the SHA-256 of the token. A link resets the password
// only while the account still uses the address it was sent to.
export const passwordResets = pgTable(
  "password_resets",
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
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

// Fixed-window counters for sign-in throttling. Kept in the database, not in process memory,
// so every web instance behind a load balancer sees the same counts.
export const rateLimits = pgTable("rate_limits", {
  bucket: text("bucket").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  hits: integer("hits").notNull().default(0),
});
