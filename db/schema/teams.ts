import { sql } from "drizzle-orm";
import { check, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { apps, memberships, organizations } from "./organizations";

// Permission groups: the four built-ins are global rows (org_id null, `builtin` names the
// definition in lib/authz/groups.ts, which owns their scopes and environment access); custom
// groups belong to one org and list their operation scopes and environment access.
export const permissionGroups = pgTable(
  "permission_groups",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").references(() => organizations.id, { onDelete: "cascade" }),
    builtin: text("builtin"),
    name: text("name").notNull(),
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    /**
     * Custom groups: access to the organization's environments, `{ all, overrides: { <environment id>: level } }`
     * with levels "full", "read_only", "none" (lib/authz/environments.ts); built-ins are defined there.
     */
    environments: jsonb("environments").$type<{ all: string; overrides: Record<string, string> }>().notNull().default(sql`'{"all": "none", "overrides": {}}'::jsonb`),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("permission_groups_builtin_xor_org", sql`(${t.builtin} is null) <> (${t.orgId} is null)`),
    uniqueIndex("permission_groups_org_name_unique").on(t.orgId, sql`lower(${t.name})`).where(sql`${t.orgId} is not null`),
    uniqueIndex("permission_groups_builtin_unique").on(t.builtin).where(sql`${t.builtin} is not null`),
  ],
);

export const teams = pgTable(
  "teams",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    teamId: text("team_id").notNull(),
    name: text("name").notNull(),
    defaultPermissionGroupId: text("default_permission_group_id")
      .notNull()
      .references(() => permissionGroups.id, { onDelete: "restrict" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("teams_org_team_id_unique").on(t.orgId, sql`lower(${t.teamId})`),
    // Searches for any part of a team's ID or name (pg_trgm).
    index("teams_team_id_trgm_idx").using("gin", t.teamId.op("gin_trgm_ops")),
    index("teams_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
    // Target of the composite foreign keys below: a seat or an app row names the team's org.
    unique("teams_id_org_unique").on(t.id, t.orgId),
  ],
);

// A seat on a team. The composite foreign key to memberships makes "only members of the
// team's org" a schema rule, and removing the membership removes every seat with it.
export const teamMembers = pgTable(
  "team_members",
  {
    teamId: text("team_id").notNull(),
    orgId: text("org_id").notNull(),
    userId: text("user_id").notNull(),
    addedBy: text("added_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    foreignKey({ name: "team_members_team_fk", columns: [t.teamId, t.orgId], foreignColumns: [teams.id, teams.orgId] }).onDelete("cascade"),
    foreignKey({ name: "team_members_membership_fk", columns: [t.orgId, t.userId], foreignColumns: [memberships.orgId, memberships.userId] }).onDelete("cascade"),
    index("team_members_user_idx").on(t.userId),
  ],
);

// An app a team reaches, with the permission group it grants there. The composite foreign key
// to apps(id, owner_org_id) means only apps owned by the team's org can be added.
export const teamApps = pgTable(
  "team_apps",
  {
    teamId: text("team_id").notNull(),
    orgId: text("org_id").notNull(),
    appId: text("app_id").notNull(),
    permissionGroupId: text("permission_group_id")
      .notNull()
      .references(() => permissionGroups.id, { onDelete: "restrict" }),
    addedBy: text("added_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.appId] }),
    foreignKey({ name: "team_apps_team_fk", columns: [t.teamId, t.orgId], foreignColumns: [teams.id, teams.orgId] }).onDelete("cascade"),
    foreignKey({ name: "team_apps_app_fk", columns: [t.appId, t.orgId], foreignColumns: [apps.id, apps.ownerOrgId] }).onDelete("cascade"),
    index("team_apps_app_idx").on(t.appId),
  ],
);
