"use server";

import { createAppKey, listAppKeys, revokeAppKey } from "@/lib/services/app-keys";
import { authedAction } from "./define";

export const listAppKeysAction = authedAction(async (input, { db, user }) => listAppKeys(db, { userId: user.id }, input));

export const createAppKeyAction = authedAction(async (input, { db, user, ip }) => createAppKey(db, { userId: user.id }, input, { ip }));

export const revokeAppKeyAction = authedAction(async (input, { db, user, ip }) => revokeAppKey(db, { userId: user.id }, input, { ip }));
