import { expect, test } from "@playwright/test";

export const SMTP_SINK_HTTP = `http://127.0.0.1:${process.env.SMTP_SINK_HTTP_PORT ?? 2527}`;

type Received = { to: string[]; subject: string; text: string; html: string };

/**
 * Waits until a mail to `to` whose subject matches arrives at the local SMTP server. Both console
 * servers (PGlite and PostgreSQL) send to the same server, so only mails linking to the running
 * project's server count.
 */
export async function waitForMail(to: string, subject: RegExp): Promise<Received> {
  const baseURL = String(test.info().project.use.baseURL ?? "");
  let found: Received | undefined;
  await expect
    .poll(
      async () => {
        const response = await fetch(`${SMTP_SINK_HTTP}/messages`);
        const messages = (await response.json()) as Received[];
        found = messages.filter((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject) && m.text.includes(baseURL)).at(-1);
        return Boolean(found);
      },
      { message: `mail to ${to} matching ${subject}`, timeout: 20_000 },
    )
    .toBe(true);
  return found!;
}

export function firstLink(text: string, pathPrefix: string): string {
  const match = text.match(new RegExp(`https?://\\S+${pathPrefix.replace(/[/?]/g, "\\$&")}\\S*`));
  if (!match) throw new Error(`no link to ${pathPrefix} in mail:\n${text}`);
  return match[0];
}
