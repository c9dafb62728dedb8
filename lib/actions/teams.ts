"use server";

import { z } from "zod";
import type { Database } from "@/db/client";
import { fail, ok } from "@/lib/result";
import { resolveOrgActor } from "@/lib/services/permission-groups";
import {
  addTeamApps,
  addTeamMembers,
  canManageTeams,
  createTeam,
  deleteTeam,
  removeTeamApp,
  removeTeamMember,
  renameTeam,
  searchAppsToAdd,
  searchMembersToAdd,
  searchTeamsToAddToApp,
  setTeamAppPermission,
} from "@/lib/services/teams";
import { authedAction, orgAction } from "./define";


export const createTeamAction = orgAction(createTeam);
export const renameTeamAction = orgAction(renameTeam);
export const deleteTeamAction = orgAction(deleteTeam);
export const addTeamMembersAction = orgAction(addTeamMembers);
export const removeTeamMemberAction = orgAction(removeTeamMember);
export const addTeamAppsAction = orgAction(addTeamApps);
export const setTeamAppPermissionAction = orgAction(setTeamAppPermission);
export const removeTeamAppAction = orgAction(removeTeamApp);

const searchInput = z.object({ ref: z.string().min(1).max(100), q: z.string().max(100).optional().default("") });

function searchAction<T>(search: (db: Database, orgId: string, ref: string, q: string) => Promise<T[]>) {
  return authedAction(async (input, { db, user }) => {
    const actor = await resolveOrgActor(db, user.id, input);
    if (!actor.ok) return actor;
    if (!canManageTeams(actor.data.role)) return fail("forbidden", "Your role may not manage teams.");
    const parsed = searchInput.safeParse(input);
    if (!parsed.success) return fail("invalid_input", "Search text is too long.");
    return ok(await search(db, actor.data.orgId, parsed.data.ref, parsed.data.q));
  });
}

/** Add Members: org members not on the team (`ref` = team). */
export const searchMembersToAddAction = searchAction(searchMembersToAdd);
/** Add App: org apps the team does not hold (`ref` = team). */
export const searchAppsToAddAction = searchAction(searchAppsToAdd);
/** App Settings › Add team: teams not holding the app (`ref` = app). */
export const searchTeamsToAddToAppAction = searchAction(searchTeamsToAddToApp);
