import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { apps } from "./organizations";

// An invitation to collaborate on an app, sent to an email with no account yet or whose account
// has not verified it. It becomes a collaboration when someone signed in with that address
// accepts through the emailed link (which proves control of the address). Only the SHA-256 of
// the emailed token is stored; one pending invitation per (app, email). "void": when it was
// accepted, its sender could no longer grant it.
export const collaboratorInvitations = pgTable(
  "collaborator_invitations",
  {
    id: text("id").primaryKey(),
    appId: text("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    scopes: text("scopes").array().notNull(),
    endpointScopes: text("endpoint_scopes").array(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    status: text("status", { enum: ["pending", "accepted", "rescinded", "expired", "void"] }).notNull().default("pending"),
    voidReason: text("void_reason"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("collaborator_invitations_token_unique").on(t.tokenHash),
    uniqueIndex("collaborator_invitations_one_pending").on(t.appId, t.email).where(sql`${t.status} = 'pending'`),
    index("collaborator_invitations_email_idx").on(t.email),
  ],
);
