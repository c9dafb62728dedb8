"use server";

import { createAppKey, revokeAppKey } from "@/lib/operations/app-keys";
import { action } from "./define";

export const createAppKeyAction = action(createAppKey);
export const revokeAppKeyAction = action(revokeAppKey);
