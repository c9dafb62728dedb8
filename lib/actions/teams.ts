"use server";

import {
  addTeamApps,
  addTeamMembers,
  createTeam,
  deleteTeam,
  removeTeamApp,
  removeTeamMember,
  renameTeam,
  searchAppsToAdd,
  searchMembersToAdd,
  searchTeamsToAddToApp,
  setTeamAppPermission,
} from "@/lib/operations/teams";
import { action } from "./define";

export const createTeamAction = action(createTeam);
export const renameTeamAction = action(renameTeam);
export const deleteTeamAction = action(deleteTeam);
export const addTeamMembersAction = action(addTeamMembers);
export const removeTeamMemberAction = action(removeTeamMember);
export const addTeamAppsAction = action(addTeamApps);
export const setTeamAppPermissionAction = action(setTeamAppPermission);
export const removeTeamAppAction = action(removeTeamApp);
export const searchMembersToAddAction = action(searchMembersToAdd);
export const searchAppsToAddAction = action(searchAppsToAdd);
export const searchTeamsToAddToAppAction = action(searchTeamsToAddToApp);
