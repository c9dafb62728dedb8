// A real SMTP server for the end-to-end tests: the console sends mail to it over SMTP, and
// tests read what arrived over HTTP (GET /messages). Started by playwright.config.ts.
import { createServer } from "node:http";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

type Received = { to: string[]; from: string; subject: string; text: string; html: string; receivedAt: string };
const messages: Received[] = [];

const smtpPort = Number(process.env.SMTP_SINK_PORT ?? 2526);
const httpPort = Number(process.env.SMTP_SINK_HTTP_PORT ?? 2527);

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, _session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase()));
        messages.push({ to, from: mail.from?.text ?? "", subject: mail.subject ?? "", text: mail.text ?? "", html: typeof mail.html === "string" ? mail.html : "", receivedAt: new Date().toISOString() });
        callback();
      })
      .catch((error: Error) => callback(error));
  },
});
smtp.listen(smtpPort, "127.0.0.1");

createServer((request, response) => {
  if (request.url === "/health") {
    response.end("ok");
    return;
  }
  if (request.url?.startsWith("/messages")) {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(messages));
    return;
  }
  response.statusCode = 404;
  response.end();
}).listen(httpPort, "127.0.0.1", () => console.log(`smtp sink: smtp ${smtpPort}, http ${httpPort}`));
