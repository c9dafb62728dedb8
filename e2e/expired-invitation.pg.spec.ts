import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { firstLink, waitForMail } from "./support/mailbox";
import { NEW_USER_PASSWORD, PERSONAS, signInAs, signUpAs, uniqueSuffix } from "./support/session";
import { textWithTimestamps } from "./support/text";

// Runs only against the PostgreSQL server (see playwright.config.ts): the test reaches into the
// database to age an invitation past its expiry, which the embedded database cannot allow from a
// second process.

test("an expired invitation link shows a clear page and changes nothing", async ({ page, browser }) => {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  expect(databaseUrl, "E2E_DATABASE_URL is set by npm test").toBeTruthy();
  const id = uniqueSuffix();
  const invitee = { handle: `late-${id}`, name: `Late ${id}`, email: `late-${id}@example.test` };
  const orgHandle = `aging-${id}`;

  await signInAs(page, PERSONAS.admin);
  await page.getByRole("button", { name: "Switch account or organization" }).click();
  await page.getByRole("menuitem", { name: "Create organization" }).click();
  const create = page.getByRole("dialog", { name: "Create organization" });
  await create.getByLabel("Organization ID").fill(orgHandle);
  await create.getByLabel("Organization name").fill(`Aging ${id}`);
  await create.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${orgHandle}$`));
  await page.goto(`/${orgHandle}/settings/members`);
  await page.getByRole("button", { name: "Invite Members" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite Members" });
  await dialog.getByLabel("Email addresses").fill(invitee.email);
  await dialog.getByRole("radio", { name: /^Organization User/ }).check();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  const link = firstLink((await waitForMail(invitee.email, /invited you to join/)).text, "/invitations/");

  const sql = postgres(databaseUrl!, { max: 1 });
  try {
    const aged = await sql`update invitations set expires_at = now() - interval '1 day' where email = ${invitee.email} and status = 'pending' returning id`;
    expect(aged).toHaveLength(1);
  } finally {
    await sql.end();
  }
  const membersBefore = await textWithTimestamps(page.getByRole("table", { name: "Organization members" }));

  const inviteePage = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await signUpAs(inviteePage, invitee);
  await signInAs(inviteePage, invitee.email, NEW_USER_PASSWORD);
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole("heading", { name: "Invitation expired" })).toBeVisible();
  await expect(inviteePage.getByText(/This invitation to .* expired on/)).toBeVisible();
  await expect(inviteePage.getByRole("button", { name: /^Accept/ })).toHaveCount(0);
  expect((await inviteePage.goto(`/${orgHandle}`))?.status()).toBe(404);
  await page.reload();
  expect(await textWithTimestamps(page.getByRole("table", { name: "Organization members" }))).toBe(membersBefore);
});
