"use server";

import { changeMemberRole, leaveOrganization, listMembers, removeMember } from "@/lib/operations/members";
import { action } from "./define";

export const listMembersAction = action(listMembers);
export const changeRoleAction = action(changeMemberRole);
export const removeMemberAction = action(removeMember);
export const leaveOrganizationAction = action(leaveOrganization);
