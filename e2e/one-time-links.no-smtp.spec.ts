import { expect, test } from "@playwright/test";
import { SMTP_SINK_HTTP } from "./support/mailbox";
import { waitForPrintedMail } from "./support/no-smtp-server";
import { expectNoLinkAtRest, runOneTimeLinkFlows } from "./support/one-time-links";

// Runs only against the console server that has no SMTP server configured (see
// playwright.config.ts): it prints each mail to its log, where the test reads the links, and keeps
// its data in a PostgreSQL database the test scans.

test("no one-time link printed for want of an SMTP server stays in any table", async ({ browser }) => {
  test.setTimeout(120_000);
  const databaseUrl = process.env.E2E_NO_SMTP_DATABASE_URL;
  expect(databaseUrl, "E2E_NO_SMTP_DATABASE_URL is set by npm test").toBeTruthy();
  const { links, recipients } = await runOneTimeLinkFlows(browser, waitForPrintedMail);
  expect(links.map((link) => link.flow)).toEqual(["organization invitation", "collaboration invitation", "email verification"]);
  await expectNoLinkAtRest(databaseUrl!, links, recipients);

  const delivered = (await (await fetch(`${SMTP_SINK_HTTP}/messages`)).json()) as { to: string[] }[];
  expect(delivered.filter((mail) => recipients.some((to) => mail.to.includes(to)))).toEqual([]);
});
