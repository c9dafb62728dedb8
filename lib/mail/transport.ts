import nodemailer, { type Transporter } from "nodemailer";

const holder = ((globalThis as { __consoleSmtp?: { url?: string; transport?: Transporter } }).__consoleSmtp ??= {});

export function mailFrom(): string {
  return process.env.MAIL_FROM ?? "Access Console <no-reply@localhost>";
}

/** The SMTP transport for SMTP_URL, or null when none is configured (mail stays in the outbox). */
export function smtpTransport(): Transporter | null {
  const url = process.env.SMTP_URL;
  if (!url) return null;
  if (holder.url !== url || !holder.transport) {
    holder.transport = nodemailer.createTransport(url, { from: mailFrom() });
    holder.url = url;
  }
  return holder.transport;
}
