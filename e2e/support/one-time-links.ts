import { createHash } from "node:crypto";
import { expect, test, type Browser } from "@playwright/test";
import postgres from "postgres";
import { NEW_USER_PASSWORD, PERSONAS, signInAs, signUpAs, uniqueSuffix } from "./session";

// The flows that mail one-time links (email verification, an organization invitation, a
// collaboration invitation to an address with no account yet), and a scan of every table of the
// server's database for those links. How a mail is read differs: from the SMTP sink, or from the
// server's log when no SMTP server is configured.

/** Finds the text of the latest mail to `to` whose subject matches. */
export type ReadMail = (to: string, subject: RegExp) => Promise<string>;

export type SentLink = { flow: string; token: string; hashedIn: string };

const TOKEN_IN_LINK = /(?:\/verify-email\?token=|\/invitations\/|\/collaborate\/)([A-Za-z0-9_-]{32,})/;

function tokenIn(text: string, flow: string): string {
  const match = text.match(TOKEN_IN_LINK);
  if (!match) throw new Error(`no one-time link in the ${flow} mail:\n${text}`);
  return match[1]!;
}

/**
 * An Admin invites a newcomer to a new organization and to collaborate on an app; the newcomer
 * signs up, verifies the address and accepts both. Returns every one-time link token mailed.
 */
export async function runOneTimeLinkFlows(browser: Browser, readMail: ReadMail): Promise<{ links: SentLink[]; recipients: string[] }> {
  const baseURL = test.info().project.use.baseURL;
  const id = uniqueSuffix();
  const newcomer = { handle: `newcomer-${id}`, name: `Newcomer ${id}`, email: `newcomer-${id}@example.test` };
  const orgHandle = `linkscan-${id}`;
  const orgName = `Link Scan ${id}`;
  const links: SentLink[] = [];

  const admin = await (await browser.newContext({ baseURL })).newPage();
  await signInAs(admin, PERSONAS.admin);
  await admin.getByRole("button", { name: "Switch account or organization" }).click();
  await admin.getByRole("menuitem", { name: "Create organization" }).click();
  const create = admin.getByRole("dialog", { name: "Create organization" });
  await create.getByLabel("Organization ID").fill(orgHandle);
  await create.getByLabel("Organization name").fill(orgName);
  await create.getByRole("button", { name: "Create organization" }).click();
  await expect(admin).toHaveURL(new RegExp(`/${orgHandle}$`));
  await admin.goto(`/${orgHandle}/settings/members`);
  await admin.getByRole("button", { name: "Invite Members" }).click();
  const invite = admin.getByRole("dialog", { name: "Invite Members" });
  await invite.getByLabel("Email addresses").fill(newcomer.email);
  await invite.getByRole("radio", { name: /^Organization User/ }).check();
  await invite.getByRole("button", { name: "Confirm" }).click();
  await expect(invite).toBeHidden();
  const invitationMail = await readMail(newcomer.email, new RegExp(`invited you to join ${orgName}`));
  links.push({ flow: "organization invitation", token: tokenIn(invitationMail, "organization invitation"), hashedIn: "invitations" });

  await admin.goto("/demo-admin/sandbox/settings/collaborators");
  await admin.getByRole("button", { name: "Add Collaborators" }).click();
  const add = admin.getByRole("dialog", { name: "Add Collaborators" });
  await add.getByLabel("Email").fill(newcomer.email);
  await add.getByRole("button", { name: "ADVANCED SCOPES" }).click();
  await add.getByRole("group", { name: "ADVANCED SCOPES" }).getByRole("checkbox", { name: /^Inputs:Get / }).check();
  await add.getByRole("button", { name: "Confirm" }).click();
  await expect(add.getByText("No account uses this email.")).toBeVisible();
  await add.getByRole("button", { name: "Send an invitation to sign up" }).click();
  await expect(add.getByText(`An invitation to sign up was sent to ${newcomer.email}.`)).toBeVisible();
  const collaborationMail = await readMail(newcomer.email, /invited to collaborate/);
  links.push({ flow: "collaboration invitation", token: tokenIn(collaborationMail, "collaboration invitation"), hashedIn: "collaborator_invitations" });

  const person = await (await browser.newContext({ baseURL })).newPage();
  await signUpAs(person, newcomer);
  const verificationMail = await readMail(newcomer.email, /verify your email/i);
  const verification = { flow: "email verification", token: tokenIn(verificationMail, "email verification"), hashedIn: "email_verifications" };
  links.push(verification);
  await person.goto(`/verify-email?token=${verification.token}`);
  await person.getByRole("button", { name: "Verify email address" }).click();
  await expect(person.getByText(`${newcomer.email} is verified.`)).toBeVisible();

  await signInAs(person, newcomer.email, NEW_USER_PASSWORD);
  await person.goto(`/invitations/${links[0]!.token}`);
  await person.getByRole("button", { name: `Accept invitation to ${orgName}` }).click();
  await expect(person.getByText(`You joined ${orgName} as Organization User.`)).toBeVisible();
  await person.goto(`/collaborate/${links[1]!.token}`);
  await person.getByRole("button", { name: "Accept invitation" }).click();
  await expect(person).toHaveURL(/\/demo-admin\/sandbox$/);

  await admin.context().close();
  await person.context().close();
  return { links, recipients: [newcomer.email] };
}

function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/**
 * Once the server has finished with every mail to `recipients` (sent, or printed and dropped),
 * asserts that no table holds any of the tokens — while each token's hash is where the console
 * looks it up, which shows the scan reaches the rows it should.
 */
export async function expectNoLinkAtRest(databaseUrl: string, links: SentLink[], recipients: string[]): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await expect
      .poll(async () => (await sql`select count(*)::int as n from outbox_emails where "to" in ${sql(recipients)} and status in ('pending', 'sending')`)[0]!.n, {
        message: "the server finishes with the mails",
        timeout: 20_000,
      })
      .toBe(0);
    const tables = (await sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`).map((row) => String(row.table_name));
    expect(tables).toEqual(expect.arrayContaining(["outbox_emails", "email_verifications", "invitations", "collaborator_invitations", "audit_events"]));
    const tablesContaining = async (needle: string) => {
      const found: string[] = [];
      for (const table of tables) {
        const [hit] = await sql`select count(*)::int as n from ${sql(table)} t where strpos(row_to_json(t)::text, ${needle}) > 0`;
        if (hit!.n > 0) found.push(table);
      }
      return found;
    };
    for (const link of links) {
      expect(await tablesContaining(link.token), `tables holding the ${link.flow} link`).toEqual([]);
      expect(await tablesContaining(sha256Hex(link.token)), `tables holding the ${link.flow} link's hash`).toContain(link.hashedIn);
    }
  } finally {
    await sql.end();
  }
}
