import { NextResponse, type NextRequest } from "next/server";

// The proxy only sends visitors without a session cookie to sign-in. It decides nothing else:
// every page, server action and API route authorizes itself against the database.
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
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
  // Everything except the auth pages, the auth API, the token-authenticated API and static files.
  matcher: ["/((?!sign-in|sign-up|verify-email|api/|v2/|_next/|favicon.ico|robots.txt).*)"],
};
