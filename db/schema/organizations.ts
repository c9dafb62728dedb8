import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { ORG_ROLES } from "@/lib/authz/roles";
import { handles, users } from "./accounts";

// The organization roles, stored by name; lib/authz owns the list (and what each may do).
export const orgRole = pgEnum("org_role", ORG_ROLES);

export const organizations = pgTable(
  "organizations",
  {
    id: text("id").primaryKey(),
    handle: text("handle").notNull(),
    handleKey: text("handle_key")
      .notNull()
      .references(() => handles.key),
    name: text("name").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    // Kept by a trigger on memberships (migration 0008), so pages never count every member.
    memberCount: integer("member_count").notNull().default(0),
  },
  (t) => [uniqueIndex("organizations_handle_key_unique").on(t.handleKey)],
);

export const memberships = pgTable(
  "memberships",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: orgRole("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    // The member's name, lower-cased, copied by triggers (migration 0009) so that the member list's
    // order (by name) is an index scan within the organization, not a sort of every member.
    sortName: text("sort_name").notNull().default(""),
    // Name, email and user ID, lower-cased, copied the same way: a member search reads this
    // organization's memberships only.
    searchText: text("search_text").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId] }),
    index("memberships_user_idx").on(t.userId),
    index("memberships_org_role_idx").on(t.orgId, t.role),
    index("memberships_org_sort_idx").on(t.orgId, t.sortName, t.userId),
    // Trigram index (pg_trgm): a search for any part of a name, email or user ID reads the
    // matching memberships instead of every membership of the organization.
    index("memberships_search_trgm_idx").using("gin", t.searchText.op("gin_trgm_ops")),
  ],
);

// Apps are owned by exactly one user or one organization; app_id is unique per owner.
export const apps = pgTable(
  "apps",
  {
    id: text("id").primaryKey(),
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "cascade" }),
    ownerOrgId: text("owner_org_id").references(() => organizations.id, { onDelete: "cascade" }),
    appId: text("app_id").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    notes: text("notes").notNull().default(""),
    visibility: text("visibility", { enum: ["private", "public"] }).notNull().default("private"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("apps_one_owner", sql`(${t.ownerUserId} is null) <> (${t.ownerOrgId} is null)`),
    uniqueIndex("apps_user_app_unique").on(t.ownerUserId, t.appId).where(sql`${t.ownerUserId} is not null`),
    uniqueIndex("apps_org_app_unique").on(t.ownerOrgId, t.appId).where(sql`${t.ownerOrgId} is not null`),
    // Target of team_apps' composite foreign key: a team can only hold its own org's apps.
    unique("apps_id_owner_org_unique").on(t.id, t.ownerOrgId),
    index("apps_owner_org_idx").on(t.ownerOrgId),
    // App lists are ordered by name within an owner.
    index("apps_owner_org_name_idx").on(t.ownerOrgId, sql`lower(${t.name})`, t.id),
    // Searches for any part of an app's ID or name (pg_trgm).
    index("apps_app_id_trgm_idx").using("gin", t.appId.op("gin_trgm_ops")),
    index("apps_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
  ],
);
