import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { orgRole, organizations } from "./organizations";

// A member an Admin removed, kept so that an Admin can reinstate them with their previous role and
// teams. Reinstating is possible for REINSTATE_WINDOW_DAYS (lib/services/members.ts) after
// `removed_at`; older rows are ignored when read and deleted by later removals in the org. Team
// seats are kept as the teams' internal ids: a team deleted meanwhile is simply not restored.
export const removedMembers = pgTable(
  "removed_members",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: orgRole("role").notNull(),
    teamIds: text("team_ids").array().notNull(),
    removedBy: text("removed_by").references(() => users.id, { onDelete: "set null" }),
    removedAt: timestamp("removed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index("removed_members_org_time_idx").on(t.orgId, t.removedAt)],
);
