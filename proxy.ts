import { NextResponse, type NextRequest } from "next/server";
import { isApiPath } from "@/lib/api/api-path";
import { apiResponse } from "@/lib/api/envelope";

// The proxy sends visitors without a session cookie to sign-in, and answers the API requests that
// Next.js itself would fail before any route handler ran. It decides nothing else: every page,
// server action and API route authorizes itself against the database.
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

// Next.js answers other methods with an empty 400, and a path segment it cannot percent-decode
// with a plain-text 500; the API answers both in its envelope.
const ROUTE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]);

function decodes(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

function apiPreflight(request: NextRequest): Response {
  if (!ROUTE_METHODS.has(request.method)) {
    return apiResponse("methodNotAllowed", {}, `${request.method} is not an API method.`);
  }
  if (!decodes(request.nextUrl.pathname)) {
    return apiResponse("badRequest", {}, "The path is not validly percent-encoded.");
  }
  return NextResponse.next();
}

export function proxy(request: NextRequest) {
  if (isApiPath(request.nextUrl.pathname)) return apiPreflight(request);
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = "";
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== "/") url.searchParams.set("callbackUrl", target);
  return NextResponse.redirect(url);
}

export const config = {
  // Pages: everything except the auth pages, the auth API and static files. The API: /v2 (and
  // the /api/v2 it is rewritten to), for the checks above only.
  matcher: ["/((?!sign-in|sign-up|verify-email|forgot-password|reset-password|api/|v2/|_next/|favicon.ico|robots.txt).*)", "/v2", "/v2/:path*", "/api/v2/:path*"],
};
