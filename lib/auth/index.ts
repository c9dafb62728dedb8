import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import type { SessionRenewal } from "@/lib/services/account-security";
import { authenticate } from "@/lib/services/accounts";
import { clientIp } from "./client-ip";
import { authSecret } from "./secret";
import { renewedVersion, sealRenewal } from "./session-renewal";

declare module "next-auth" {
  interface User {
    /** The account's session version when this session was issued. */
    sessionVersion?: number;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** The account's session version the token was issued at; absent in tokens older than versions (0). */
    ver?: number;
  }
}

export class ThrottledSignIn extends CredentialsSignin {
  code = "rate_limited";
}

// Only the user id and the account's session version live in the (JWT) session; names,
// memberships and roles are read from the database on every request, so a change takes effect on
// the next request. The version is compared there too (lib/auth/principal.ts): raising it in the
// database ends every session issued before.
export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(() => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  // Refused sign-ins are expected (and throttled); log only real failures.
  logger: {
    error(error) {
      const type = (error as Error & { type?: string }).type;
      if (type === "CredentialsSignin" || error.name === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const result = await authenticate(await getDb(), credentials, { ip: clientIp(request.headers) });
        if (result.ok) return { id: result.data.userId, sessionVersion: result.data.sessionVersion };
        if (result.code === "rate_limited") throw new ThrottledSignIn();
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user, trigger, session }) {
      const sub = user?.id ?? token.sub;
      let ver = user ? (user.sessionVersion ?? 0) : (token.ver ?? 0);
      if (!user && trigger === "update") ver = renewedVersion(session, { userId: sub, version: ver }, authSecret()) ?? ver;
      return { sub, ver, iat: token.iat, exp: token.exp, jti: token.jti };
    },
    session({ session, token }) {
      return { ...session, user: { id: token.sub ?? "", sessionVersion: token.ver ?? 0 } } as typeof session;
    },
  },
}));

/**
 * Re-issues the current request's session token at the account's new session version, after a
 * change made from this session raised it: this session stays signed in, the others have ended.
 */
export async function renewSession(renewal: SessionRenewal): Promise<void> {
  await unstable_update(sealRenewal(renewal, authSecret()) as Parameters<typeof unstable_update>[0]);
}
