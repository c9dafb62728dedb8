"use server";

import { createPersonalAccessToken, revealPersonalAccessToken, revokePersonalAccessToken, searchTokenApps } from "@/lib/operations/credentials";
import { action } from "./define";

export const createPersonalAccessTokenAction = action(createPersonalAccessToken);
export const revealPersonalAccessTokenAction = action(revealPersonalAccessToken);
export const revokePersonalAccessTokenAction = action(revokePersonalAccessToken);
export const searchTokenAppsAction = action(searchTokenApps);
