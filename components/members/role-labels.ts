import type { OrgRole } from "@/lib/authz";

/**
 * Roles as the seed's "Roles for Members" table names them where a role is picked: the suffix says
 * which apps the role reaches. Stored values and sentences keep the bare role name.
 */
export const ORG_ROLE_LABELS: Readonly<Record<OrgRole, string>> = {
  Admin: "Admin",
  "Financial Manager": "Financial Manager",
  "Organization Contributor": "Organization Contributor (all apps)",
  "Organization User": "Organization User (all apps)",
  "Team Contributor": "Team Contributor (select apps)",
  "Infrastructure Manager": "Infrastructure Manager",
};
