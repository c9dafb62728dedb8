import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { apps } from "./organizations";

// An invitation to collaborate on an app sent to an email with no account yet. It becomes a
// collaboration when the person signs up with that address and accepts. Only the SHA-256 of
// the emailed token is stored; one pending invitation per (app, email).
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
    status: text("status", { enum: ["pending", "accepted", "rescinded", "expired"] }).notNull().default("pending"),
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

// A collaborator with no personal access token is offered one when added (as the product
// documents); the token is generated when they open their security page and shown once there.
export const collaborationTokenOffers = pgTable("collaboration_token_offers", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  appId: text("app_id")
    .notNull()
    .references(() => apps.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
