import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { expect, type APIRequestContext } from "@playwright/test";
import { actionId } from "./server-actions";

// Plain HTTP clients of the console, as an attacker or a script would be: no browser, headers of
// the caller's choosing.

/** Posts the sign-up form's action; sign-up answers only the address (the same whether or not it was taken). */
export async function signUpOverHttp(
  request: APIRequestContext,
  baseURL: string,
  person: { handle: string; name: string; email: string; password: string },
  headers: Record<string, string> = {},
): Promise<void> {
  const response = await request.post("/sign-up", {
    headers: { ...headers, "Next-Action": actionId("lib/actions/accounts.ts", "signUpAction"), "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: baseURL },
    data: JSON.stringify([person]),
  });
  expect(response.status()).toBe(200);
  expect(await response.text(), "sign-up answered ok with the address").toContain(`"email":"${person.email.toLowerCase()}"`);
}

export type SignInOutcome = { signedIn: boolean; code: string | null };

/** Posts email and password to next-auth's credentials callback, as the sign-in form's action does. */
export async function signInOverHttp(request: APIRequestContext, email: string, password: string, headers: Record<string, string> = {}): Promise<SignInOutcome> {
  const csrf = await request.get("/api/auth/csrf", { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    headers,
    form: { csrfToken, email, password, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  const location = new URL(response.headers()["location"] ?? "", "http://console.invalid");
  const setCookie = response.headersArray().filter((header) => header.name.toLowerCase() === "set-cookie").map((header) => header.value);
  return {
    signedIn: setCookie.some((cookie) => /^(__Secure-)?authjs\.session-token=[^;]+/.test(cookie)),
    code: location.searchParams.get("error") ? location.searchParams.get("code") : null,
  };
}

type RawResponse = { status: number; headers: IncomingHttpHeaders; body: string };

function send(url: URL, options: { method: string; headers: Record<string, string>; body?: string; localAddress: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method, headers: options.headers, localAddress: options.localAddress }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/**
 * Signs in like signInOverHttp, but from another loopback address of this machine (e.g.
 * 127.0.0.2; Linux answers the whole 127.0.0.0/8 on the loopback interface): a second, real client
 * address, which no header can imitate.
 */
export async function signInFromAddress(baseURL: string, localAddress: string, email: string, password: string): Promise<SignInOutcome> {
  const origin = new URL(baseURL);
  // Connect to the IPv4 loopback from the given loopback address; the Host header stays the console's.
  const at = (path: string) => new URL(path, `${origin.protocol}//127.0.0.1:${origin.port}`);
  const csrf = await send(at("/api/auth/csrf"), { method: "GET", headers: { host: origin.host }, localAddress });
  const cookies = (csrf.headers["set-cookie"] ?? []).map((cookie) => cookie.split(";")[0]).join("; ");
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const response = await send(at("/api/auth/callback/credentials"), {
    method: "POST",
    headers: { host: origin.host, cookie: cookies, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/" }).toString(),
    localAddress,
  });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.location ?? "", "http://console.invalid");
  return {
    signedIn: (response.headers["set-cookie"] ?? []).some((cookie) => /^(__Secure-)?authjs\.session-token=[^;]+/.test(cookie)),
    code: location.searchParams.get("error") ? location.searchParams.get("code") : null,
  };
}

export type UnfinishedBodyAnswer = { status: number; connection: string | undefined; body: string };

/**
 * POSTs `sent` bytes of a body that is never finished — `declared` bytes long by its
 * Content-Length, or chunked when `declared` is not given — and waits at most `waitMs` for the
 * answer: a server that reads a body to its end before answering gives none (null).
 */
export function postUnfinishedBody(url: URL, headers: Record<string, string>, { sent, declared, waitMs = 10_000 }: { sent: number; declared?: number; waitMs?: number }): Promise<UnfinishedBodyAnswer | null> {
  return new Promise((resolve) => {
    const length = declared === undefined ? {} : { "content-length": String(declared) };
    const req = httpRequest(url, { method: "POST", headers: { ...headers, ...length } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body });
        req.destroy();
      });
    });
    // The server may close the connection while the client still writes: that is the point.
    req.on("error", () => undefined);
    const timer = setTimeout(() => {
      req.destroy();
      resolve(null);
    }, waitMs);
    const piece = Buffer.alloc(64 * 1024, "a");
    req.write('{"inputs":[{"data":{"text":{"raw":"');
    for (let written = 0; written < sent; written += piece.length) req.write(piece);
  });
}
