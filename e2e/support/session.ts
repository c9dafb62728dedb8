import { expect, type Page } from "@playwright/test";
import { firstLink, waitForMail } from "./mailbox";

export const DEMO_PASSWORD = "demo-password-2026";
/** Demo users created on an empty database (db/seed-demo.ts), one per organization role. */
export const PERSONAS = {
  admin: "admin@demo.example",
  finance: "finance@demo.example",
  contributor: "contributor@demo.example",
  user: "user@demo.example",
  teamContributor: "team-contributor@demo.example",
  infra: "infra@demo.example",
} as const;

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

// Next.js adds an empty role=alert route announcer; the form's alert is the one with text.
export const formAlert = (page: Page) => page.getByRole("alert").filter({ hasText: /\S/ });

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in and waits for the console home page. */
export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await signIn(page, email, password);
  await expect(page.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

export const NEW_USER_PASSWORD = "correct-horse-42";

/** Signs up through the form (the account stays unverified) and waits for the confirmation. */
export async function signUpAs(page: Page, person: { handle: string; name: string; email: string; password?: string }): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("User ID").fill(person.handle);
  await page.getByLabel("Full name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password ?? NEW_USER_PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
}

/**
 * A fresh account for a test that changes what a person may do, its address verified through the
 * mailed link (grants addressed by email reach only verified addresses).
 */
export async function newPerson(page: Page, prefix: string): Promise<{ handle: string; name: string; email: string }> {
  const id = uniqueSuffix();
  const person = { handle: `${prefix}-${id}`, name: `${prefix[0]!.toUpperCase()}${prefix.slice(1)} ${id.slice(-4)}`, email: `${prefix}-${id}@example.test` };
  await signUpAs(page, person);
  const mail = await waitForMail(person.email, /verify your email/i);
  await page.goto(firstLink(mail.text, "/verify-email?token="));
  await page.getByRole("button", { name: "Verify email address" }).click();
  await expect(page.getByText(`${person.email} is verified.`)).toBeVisible();
  return person;
}

/** A personal access token with every scope, made on the security page; its secret. */
export async function everyScopeToken(page: Page, name: string): Promise<string> {
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Create token" }).click();
  const dialog = page.getByRole("dialog", { name: "Create token" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Select All Scopes").check();
  await dialog.getByRole("button", { name: "Create token" }).click();
  const secret = (await dialog.getByLabel("New token").textContent())?.trim() ?? "";
  await dialog.getByRole("button", { name: "Done" }).click();
  expect(secret).not.toBe("");
  return secret;
}
