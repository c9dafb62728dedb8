import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { authenticate } from "@/lib/services/accounts";
import { clientIp } from "./client-ip";
import { authSecret } from "./secret";

export class ThrottledSignIn extends CredentialsSignin {
  code = "rate_limited";
}

// Only the user id lives in the (JWT) session; names, memberships and roles are read from the
// database on every request, so a change takes effect on the next request.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
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
        if (result.ok) return { id: result.data.userId };
        if (result.code === "rate_limited") throw new ThrottledSignIn();
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      const sub = user?.id ?? token.sub;
      return { sub, iat: token.iat, exp: token.exp, jti: token.jti };
    },
    session({ session, token }) {
      return { ...session, user: { id: token.sub ?? "" } } as typeof session;
    },
  },
}));
