"use server";

import { ok } from "@/lib/result";
import { createPersonalAccessToken, listPersonalAccessTokens, revealPersonalAccessToken, revokePersonalAccessToken } from "@/lib/services/credentials";
import { authedAction } from "./define";

export const listPersonalAccessTokensAction = authedAction(async (_input, { db, user }) => ok(await listPersonalAccessTokens(db, user.id)));

export const createPersonalAccessTokenAction = authedAction(async (input, { db, user, ip }) => createPersonalAccessToken(db, { userId: user.id }, input, { ip }));

export const revokePersonalAccessTokenAction = authedAction(async (input, { db, user, ip }) => revokePersonalAccessToken(db, { userId: user.id }, input, { ip }));

export const revealPersonalAccessTokenAction = authedAction(async (input, { db, user, ip }) => revealPersonalAccessToken(db, { userId: user.id }, input, { ip }));
