import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { firstLink, waitForMail } from "./support/mailbox";
import { expectNoLinkAtRest } from "./support/one-time-links";
import { NEW_USER_PASSWORD, formAlert, newPerson, signIn, signInAs, uniqueSuffix } from "./support/session";

// Runs only against the PostgreSQL server (see playwright.config.ts): the test reaches into the
// database to age a reset link past its expiry, and scans every table for the links it mailed.

const sha256Hex = (value: string) => createHash("sha256").update(value).digest("hex");
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

test("an expired reset link is refused and changes nothing; no reset or email-change link stays at rest", async ({ page }) => {
  test.setTimeout(120_000);
  const databaseUrl = process.env.E2E_DATABASE_URL;
  expect(databaseUrl, "E2E_DATABASE_URL is set by npm test").toBeTruthy();
  const person = await newPerson(page, "expiring");

  const ask = async () => {
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(person.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByText(/If an account uses/)).toBeVisible();
  };
  await ask();
  const expired = firstLink((await waitForMail(person.email, /^Reset your password$/)).text, "/reset-password?token=");
  await page.goto(expired);
  await page.getByLabel("New password").fill("never-used-99");

  const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
  try {
    const aged = await sql`update password_resets set expires_at = now() - interval '1 second' where token_hash = ${sha256Hex(tokenOf(expired))} returning user_id`;
    expect(aged).toHaveLength(1);
  } finally {
    await sql.end();
  }
  // Expired while the form was open: submitting is refused.
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(formAlert(page)).toContainText("This password reset link is not valid, has expired or was already used.");
  // And opening it again shows no form at all.
  await page.goto(expired);
  await expect(page.getByText("This password reset link is not valid, has expired or was already used.")).toBeVisible();
  await expect(page.getByLabel("New password")).toHaveCount(0);
  await signInAs(page, person.email, NEW_USER_PASSWORD);

  // A fresh link works; then an email change; then nothing that was mailed stays in any table.
  await page.context().clearCookies();
  await ask();
  const mails = async () => (await fetch(`http://127.0.0.1:${process.env.SMTP_SINK_HTTP_PORT ?? 2527}/messages`)).json() as Promise<Array<{ to: string[]; subject: string; text: string }>>;
  await expect.poll(async () => (await mails()).filter((m) => m.to.includes(person.email) && m.subject === "Reset your password").length).toBe(2);
  const fresh = firstLink((await waitForMail(person.email, /^Reset your password$/)).text, "/reset-password?token=");
  expect(fresh).not.toBe(expired);
  await page.goto(fresh);
  await page.getByLabel("New password").fill("reset-horse-77");
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByText(/was reset, and every session of the account was signed out/)).toBeVisible();

  await signInAs(page, person.email, "reset-horse-77");
  const newEmail = `moved-${uniqueSuffix()}@example.test`;
  await page.goto("/settings/profile");
  await page.getByLabel("New email address").fill(newEmail);
  await page.getByLabel("Current password").fill("reset-horse-77");
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByText(`We sent a link to ${newEmail}.`)).toBeVisible();
  const confirm = firstLink((await waitForMail(newEmail, /Confirm your new email address/)).text, "/verify-email?token=");
  await page.goto(confirm);
  await page.getByRole("button", { name: "Verify email address" }).click();
  await expect(page.getByText(`${newEmail} is verified.`)).toBeVisible();
  await page.context().clearCookies();
  await signIn(page, person.email, "reset-horse-77");
  await expect(formAlert(page)).toContainText("Incorrect email or password.");

  await expectNoLinkAtRest(
    databaseUrl!,
    [
      { flow: "expired password reset", token: tokenOf(expired), hashedIn: "password_resets" },
      { flow: "password reset", token: tokenOf(fresh), hashedIn: "password_resets" },
      { flow: "email change", token: tokenOf(confirm), hashedIn: "email_verifications" },
    ],
    [person.email, newEmail],
  );
});
