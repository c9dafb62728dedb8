import { sql } from "drizzle-orm";
import { foreignKey, index, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { orgRole, organizations } from "./organizations";
import { teams } from "./teams";

// An invitation to join an organization. Only the SHA-256 of the emailed token is stored.
// At most one pending invitation per (org, email); re-inviting rescinds the previous one.
export const invitations = pgTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: orgRole("role").notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    tokenHash: text("token_hash").notNull(),
    // "void": when it was accepted, its sender could no longer assign the role (void_reason says why).
    status: text("status", { enum: ["pending", "accepted", "declined", "rescinded", "expired", "void"] }).notNull().default("pending"),
    voidReason: text("void_reason"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    respondedBy: text("responded_by").references(() => users.id, { onDelete: "set null" }),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    lastSentAt: timestamp("last_sent_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_unique").on(t.tokenHash),
    uniqueIndex("invitations_one_pending_per_email").on(t.orgId, t.email).where(sql`${t.status} = 'pending'`),
    index("invitations_email_idx").on(t.email, t.status),
    index("invitations_org_status_idx").on(t.orgId, t.status, t.createdAt),
  ],
);

// The teams an invitation seats its invitee on once it is accepted (GitHub's "choose teams" step).
// The composite foreign key keeps them teams of the invitation's org; deleting a team drops it here.
export const invitationTeams = pgTable(
  "invitation_teams",
  {
    invitationId: text("invitation_id")
      .notNull()
      .references(() => invitations.id, { onDelete: "cascade" }),
    orgId: text("org_id").notNull(),
    teamId: text("team_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.invitationId, t.teamId] }),
    foreignKey({ name: "invitation_teams_team_fk", columns: [t.teamId, t.orgId], foreignColumns: [teams.id, teams.orgId] }).onDelete("cascade"),
    index("invitation_teams_team_idx").on(t.teamId),
  ],
);
