import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "@playwright/test";

// A console server with no SMTP server configured prints each mail to its log instead of sending
// it. playwright.config.ts starts one (only when E2E_NO_SMTP_DATABASE_URL names a PostgreSQL
// database for it, so a test can scan that database) and writes its output to NO_SMTP_SERVER_LOG.

const portOffset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const NO_SMTP_SERVER_PORT = 3102 + portOffset;
export const NO_SMTP_SERVER_LOG = path.join(os.tmpdir(), `console-e2e-no-smtp-server${portOffset ? `-${portOffset}` : ""}.log`);

type PrintedMail = { to: string; subject: string; text: string };

/** The mails printed so far, in order; the block's shape is the one lib/mail/outbox.ts prints. */
export function printedMails(): PrintedMail[] {
  const log = readFileSync(NO_SMTP_SERVER_LOG, "utf8");
  const blocks = log.matchAll(/\[mail\] SMTP_URL is not set[^\n]*\nTo: ([^\n]*)\nSubject: ([^\n]*)\n\n([\s\S]*?)\n\[mail\] end of mail to \1\n/g);
  return [...blocks].map((match) => ({ to: match[1]!, subject: match[2]!, text: match[3]! }));
}

/** Waits until the server has printed a mail to `to` whose subject matches, and returns its text. */
export async function waitForPrintedMail(to: string, subject: RegExp): Promise<string> {
  let found: PrintedMail | undefined;
  await expect
    .poll(
      () => {
        found = printedMails()
          .filter((mail) => mail.to.toLowerCase() === to.toLowerCase() && subject.test(mail.subject))
          .at(-1);
        return Boolean(found);
      },
      { message: `mail to ${to} matching ${subject} in the server log`, timeout: 20_000 },
    )
    .toBe(true);
  return found!.text;
}
