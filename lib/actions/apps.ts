"use server";

import { createOrgApp, createPersonalApp, deleteApp, setAppVisibility, transferApp, updateAppDetails, updateAppIdentity } from "@/lib/operations/apps";
import { action } from "./define";

export const createOrgAppAction = action(createOrgApp);
export const createPersonalAppAction = action(createPersonalApp);
export const updateAppDetailsAction = action(updateAppDetails);
export const updateAppIdentityAction = action(updateAppIdentity);
export const setAppVisibilityAction = action(setAppVisibility);
export const deleteAppAction = action(deleteApp);
export const transferAppAction = action(transferApp);
