import { expect, test } from "@playwright/test";
import { waitForMail } from "./support/mailbox";
import { expectNoLinkAtRest, runOneTimeLinkFlows } from "./support/one-time-links";

// Runs only against the PostgreSQL server (see playwright.config.ts): the test scans that
// server's database, which the embedded one cannot allow from a second process.

test("no one-time link delivered over SMTP stays in any table", async ({ browser }) => {
  test.setTimeout(120_000);
  const databaseUrl = process.env.E2E_DATABASE_URL;
  expect(databaseUrl, "E2E_DATABASE_URL is set by npm test").toBeTruthy();
  const { links, recipients } = await runOneTimeLinkFlows(browser, async (to, subject) => (await waitForMail(to, subject)).text);
  expect(links.map((link) => link.flow)).toEqual(["organization invitation", "collaboration invitation", "email verification"]);
  await expectNoLinkAtRest(databaseUrl!, links, recipients);
});
