"use server";

import {
  changeMemberRole,
  changeMemberRoles,
  leaveOrganization,
  listMembers,
  reinstateMember,
  removeMember,
  removeMembers,
} from "@/lib/operations/members";
import { action } from "./define";

export const listMembersAction = action(listMembers);
export const changeRoleAction = action(changeMemberRole);
export const changeRolesAction = action(changeMemberRoles);
export const removeMemberAction = action(removeMember);
export const removeMembersAction = action(removeMembers);
export const reinstateMemberAction = action(reinstateMember);
export const leaveOrganizationAction = action(leaveOrganization);
