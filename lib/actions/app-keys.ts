"use server";

import { createAppKey, listAppKeys, revokeAppKey } from "@/lib/operations/app-keys";
import { action } from "./define";

export const listAppKeysAction = action(listAppKeys);
export const createAppKeyAction = action(createAppKey);
export const revokeAppKeyAction = action(revokeAppKey);
