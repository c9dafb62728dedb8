"use server";

import { createPermissionGroup, deletePermissionGroup, updatePermissionGroup } from "@/lib/operations/permission-groups";
import { action } from "./define";

export const createPermissionGroupAction = action(createPermissionGroup);
export const updatePermissionGroupAction = action(updatePermissionGroup);
export const deletePermissionGroupAction = action(deletePermissionGroup);
