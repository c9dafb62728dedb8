import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps, auditEvents, credentials, outboxEmails } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { dispatch } from "@/lib/api/dispatch";
import { newId } from "@/lib/ids";
import { insertToken } from "@/lib/services/credentials";
import { signUpVerified, userIdByEmail } from "@/lib/services/test-accounts";
import { signUp, verifyEmail } from "./accounts";
import { createAppKey } from "./app-keys";
import { addCollaborator } from "./collaborators";
import { createPersonalAccessToken } from "./credentials";
import { completePasswordReset, requestPasswordReset } from "./password-reset";
import { runAs, runPublic } from "./testing";

// Someone signs up with another person's address (never verified) and tries to hold credentials
// that outlive the real owner's proof of control: tokens need a verified address, and proving
// control of an unverified address (a reset or a verification link) ends every credential made
// before it — so a grant given afterwards to the real person never reaches the squatter's token.

let handle: DatabaseHandle;
let owner = "";
let people = 0;
const PASSWORD = "long-enough-1";

beforeAll(async () => {
  handle = await openTestDatabase();
  owner = await signUpVerified(handle.db, "owner");
  await handle.db.insert(apps).values({ id: newId("app"), ownerUserId: owner, appId: "vision", name: "Vision" });
});
afterAll(async () => {
  await handle?.close();
});

/** Signs up as the squatter would: someone else's address, never verified. */
async function squatter(): Promise<{ id: string; email: string }> {
  people += 1;
  const email = `victim-${people}@example.test`;
  const result = await runPublic(handle.db, signUp, { handle: `squatter-${people}`, name: "Squatter", email, password: PASSWORD });
  if (!result.ok) throw new Error(result.message);
  return { id: await userIdByEmail(handle.db, email), email };
}

/** A token the account holds from before a verified address was required to make one. */
async function earlierToken(userId: string): Promise<string> {
  const made = await handle.db.transaction((tx) =>
    insertToken({ tx, audit: () => {} }, { kind: "pat", appId: null, userId, name: "made while unverified", scopes: ["Inputs:Get", "Apps:Get"], endpointScopes: "all", expiresAt: null }),
  );
  if (!made.ok) throw new Error(made.message);
  return made.data.secret;
}

async function myScopes(secret: string) {
  const url = new URL("http://console.test/v2/users/me/apps");
  const response = await dispatch(new Request(url, { headers: { authorization: `Key ${secret}` } }), ["users", "me", "apps"], { db: handle.db });
  return { status: response.status, json: (await response.json()) as { status: { code: number }; apps?: Array<{ id: string }> } };
}

async function linkFrom(email: string, path: string): Promise<string> {
  const mails = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, email));
  const pattern = new RegExp(`${path}\\?token=([A-Za-z0-9_%-]+)`);
  const token = mails.map((mail) => mail.text.match(pattern)?.[1]).filter(Boolean).at(-1);
  if (!token) throw new Error(`no ${path} link mailed to ${email}`);
  return decodeURIComponent(token);
}

async function liveCredentials(userId: string) {
  return handle.db.select().from(credentials).where(and(eq(credentials.userId, userId), isNull(credentials.revokedAt)));
}

describe("an account whose address is not verified", () => {
  it("cannot create a personal access token or an app key, and nothing is written", async () => {
    const me = await squatter();
    await handle.db.insert(apps).values({ id: newId("app"), ownerUserId: me.id, appId: "mine", name: "Mine" });
    const token = await runAs(handle.db, createPersonalAccessToken, me.id, { name: "squat", scopes: ["Inputs:Get"] });
    expect(token).toMatchObject({ ok: false, code: "forbidden", details: { deniedBy: "address_unverified" } });
    const key = await runAs(handle.db, createAppKey, me.id, { owner: `squatter-${people}`, app: "mine", name: "squat", scopes: ["Inputs:Get"] });
    expect(key).toMatchObject({ ok: false, code: "forbidden", details: { deniedBy: "address_unverified" } });
    expect(await handle.db.select().from(credentials).where(eq(credentials.userId, me.id))).toEqual([]);
  });
});

describe("proof of control of an unverified address", () => {
  it("through a password reset ends the tokens made before it, so a later grant never reaches them", async () => {
    const me = await squatter();
    const secret = await earlierToken(me.id);
    expect((await myScopes(secret)).status).toBe(200);

    // The real owner of the address asks for a reset and follows the mailed link.
    expect((await runPublic(handle.db, requestPasswordReset, { email: me.email, clientAddress: "192.0.2.10" })).ok).toBe(true);
    const reset = await runPublic(handle.db, completePasswordReset, { token: await linkFrom(me.email, "/reset-password"), password: "the-real-owner-9" });
    expect(reset.ok).toBe(true);
    expect(await liveCredentials(me.id)).toEqual([]);
    const revoked = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, "credential.revoked")));
    expect(revoked.some((event) => (event.after as { reason?: string }).reason === "address_proven")).toBe(true);

    // An Admin then adds that person as a collaborator: the squatter's token stays dead.
    const added = await runAs(handle.db, addCollaborator, owner, { owner: "owner", app: "vision", email: me.email, scopes: ["Inputs:Get", "Apps:Get"] });
    expect(added.ok).toBe(true);
    const answer = await myScopes(secret);
    expect(answer.status).toBe(401);
    expect(answer.json.status.code).toBe(11009);
  });

  it("through the verification link ends them too", async () => {
    const me = await squatter();
    const secret = await earlierToken(me.id);
    expect((await runPublic(handle.db, verifyEmail, { token: await linkFrom(me.email, "/verify-email") })).ok).toBe(true);
    expect(await liveCredentials(me.id)).toEqual([]);
    expect((await myScopes(secret)).status).toBe(401);
  });

  it("ends nothing for an address already verified: a reset is then the same person's", async () => {
    const email = "steady@example.test";
    const me = await signUpVerified(handle.db, "steady");
    const made = await runAs(handle.db, createPersonalAccessToken, me, { name: "kept", scopes: ["Inputs:Get", "Apps:Get"] });
    if (!made.ok) throw new Error(made.message);
    expect((await runPublic(handle.db, requestPasswordReset, { email, clientAddress: "192.0.2.11" })).ok).toBe(true);
    expect((await runPublic(handle.db, completePasswordReset, { token: await linkFrom(email, "/reset-password"), password: "a-new-password-9" })).ok).toBe(true);
    expect(await liveCredentials(me)).toHaveLength(1);
    expect((await myScopes(made.data.secret)).status).toBe(200);
  });
});
