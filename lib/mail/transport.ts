import nodemailer, { type Transporter } from "nodemailer";
import SMTPPool from "nodemailer/lib/smtp-pool";
import SMTPTransport from "nodemailer/lib/smtp-transport";

const holder = ((globalThis as { __consoleSmtp?: { url?: string; transport?: Transporter } }).__consoleSmtp ??= {});

// Nodemailer waits up to 2 minutes for a connection and 10 minutes on an idle socket by default.
// The outbox renews its claim while a send goes on, so these bound how long a stalled server
// holds a mail, not the claim; query parameters in SMTP_URL still override them.
const TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000, dnsTimeout: 20_000 };

export function mailFrom(): string {
  return process.env.MAIL_FROM ?? "Access Console <no-reply@localhost>";
}

/**
 * The Message-ID of an outbox mail: its row's id at the sender's domain, the same on every attempt
 * and every instance, so a mail sent twice (its sender died mid-send) is one message to mail systems.
 */
export function messageIdFor(outboxId: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(mailFrom())?.[1] ?? "localhost";
  return `<${outboxId}@${domain}>`;
}

/** The SMTP transport for SMTP_URL, or null when none is configured (mail is printed to the log). */
export function smtpTransport(): Transporter | null {
  const url = process.env.SMTP_URL;
  if (!url) return null;
  if (holder.url !== url || !holder.transport) {
    const options = { ...TIMEOUTS, url };
    const pooled = /[?&]pool=true(&|$)/.test(url);
    holder.transport = nodemailer.createTransport(pooled ? new SMTPPool({ ...options, pool: true }) : new SMTPTransport(options), { from: mailFrom() });
    holder.url = url;
  }
  return holder.transport;
}
