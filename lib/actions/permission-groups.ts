"use server";

import { createPermissionGroup, deletePermissionGroup, updatePermissionGroup } from "@/lib/services/permission-groups";
import { orgAction } from "./define";

export const createPermissionGroupAction = orgAction(createPermissionGroup);
export const updatePermissionGroupAction = orgAction(updatePermissionGroup);
export const deletePermissionGroupAction = orgAction(deletePermissionGroup);
