import nodemailer, { type Transporter } from "nodemailer";
import SMTPPool from "nodemailer/lib/smtp-pool";
import SMTPTransport from "nodemailer/lib/smtp-transport";

const holder = ((globalThis as { __consoleSmtp?: { url?: string; transport?: Transporter } }).__consoleSmtp ??= {});

// Nodemailer waits up to 2 minutes for a connection and 10 minutes on an idle socket by default.
// A send must end well within the outbox's claim lease (LEASE_MS), or a second instance could
// pick the mail up again; query parameters in SMTP_URL still override these.
const TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000, dnsTimeout: 20_000 };

export function mailFrom(): string {
  return process.env.MAIL_FROM ?? "Access Console <no-reply@localhost>";
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
