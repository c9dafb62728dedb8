// Teams of an organization: the input rules of their operations (lib/operations/teams.ts) and who
// may manage them. Their rows are read and written by db/queries/teams.ts.

import { z } from "zod";
import { evaluateOrgCapability } from "@/lib/authz";
import { displayNameSchema } from "@/lib/validation/common";
import type { OrgActor } from "./permission-groups";

export const teamIdSchema = z
  .string({ error: "Team ID is required." })
  .trim()
  .min(1, "Team ID is required.")
  .max(32, "Team ID must be at most 32 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "Use letters, digits, '-' and '_' only, starting with a letter or digit.");

const teamNameSchema = z.string({ error: "Team name is required." }).pipe(displayNameSchema);
const idSchema = z.string({ error: "Missing identifier." }).min(1, "Missing identifier.").max(100);
const idList = (what: string) =>
  z
    .union([idSchema, z.array(idSchema)], { error: `Choose at least one ${what}.` })
    .transform((value) => [...new Set(Array.isArray(value) ? value : [value])])
    .refine((list) => list.length > 0, `Choose at least one ${what}.`)
    .refine((list) => list.length <= 200, `Choose at most 200 ${what}s at a time.`);
const groupField = z.string({ error: "Choose a permission group." }).min(1, "Choose a permission group.").max(100);

export const createTeamInput = z.object({ teamId: teamIdSchema, name: teamNameSchema, permissionGroupId: groupField });
export const renameTeamInput = z.object({ teamRef: idSchema, name: teamNameSchema });
export const teamRefInput = z.object({ teamRef: idSchema });
export const addTeamMembersInput = z.object({ teamRef: idSchema, userIds: idList("member") });
export const removeTeamMemberInput = z.object({ teamRef: idSchema, userId: idSchema });
export const addTeamAppsInput = z.object({ teamRef: idSchema, appIds: idList("app"), permissionGroupId: groupField });
export const teamAppInput = z.object({ teamRef: idSchema, appId: idSchema });
export const setTeamAppPermissionInput = teamAppInput.extend({ permissionGroupId: groupField });

/** May the viewer manage teams here (pages use it to show or hide controls)? */
export function canManageTeams(role: OrgActor["role"]): boolean {
  return evaluateOrgCapability(role, "teams.manage").allowed;
}
