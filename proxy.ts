import { NextResponse, type NextRequest } from "next/server";
import { isApiPath } from "@/lib/api/api-path";
import { toResponse } from "@/lib/api/envelope";
import { apiPreflightRefusal } from "@/lib/api/preflight";

// The proxy sends visitors without a session cookie to sign-in, and answers the API requests that
// Next.js itself would fail before any route handler ran. It decides nothing else: every page,
// server action and API route authorizes itself against the database.
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

function apiPreflight(request: NextRequest): Response {
  const refusal = apiPreflightRefusal(request.method, request.nextUrl.pathname);
  return refusal === null ? NextResponse.next() : toResponse(refusal);
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
