import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { outboxEmails } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { signUp } from "./accounts";
import { runPublic } from "./testing";

// Where a person was headed when they signed up (an invitation link) rides in the verification
// link, so opening it later still leads back; anything but a same-site path is dropped.

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

async function verificationLink(email: string): Promise<URL> {
  const [mail] = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.to, email));
  const match = mail?.text.match(/https?:\/\/\S+\/verify-email\?\S+/);
  if (!match) throw new Error(`no verification link to ${email}`);
  return new URL(match[0]);
}

const person = (name: string, callbackUrl?: unknown) => ({ handle: name, name, email: `${name}@example.test`, password: "long-enough-1", ...(callbackUrl === undefined ? {} : { callbackUrl }) });

it("keeps a same-site return path in the verification link", async () => {
  expect(await runPublic(handle.db, signUp, person("invitee", "/invitations/AbC_123-x"))).toMatchObject({ ok: true });
  const link = await verificationLink("invitee@example.test");
  expect(link.pathname).toBe("/verify-email");
  expect(link.searchParams.get("token")).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  expect(link.searchParams.get("callbackUrl")).toBe("/invitations/AbC_123-x");
});

it("drops a return path that would leave the site, and signs up all the same", async () => {
  for (const [name, callbackUrl] of [["away", "https://evil.example/phish"], ["slashes", "//evil.example"], ["backslash", "/\\evil.example"], ["number", 42]] as const) {
    expect(await runPublic(handle.db, signUp, person(name, callbackUrl))).toMatchObject({ ok: true });
    const link = await verificationLink(`${name}@example.test`);
    expect(link.searchParams.has("callbackUrl"), name).toBe(false);
    expect(link.searchParams.get("token")).toBeTruthy();
  }
});

it("adds nothing when there is nowhere in particular to return to", async () => {
  expect(await runPublic(handle.db, signUp, person("plain"))).toMatchObject({ ok: true });
  expect((await verificationLink("plain@example.test")).searchParams.has("callbackUrl")).toBe(false);
});
