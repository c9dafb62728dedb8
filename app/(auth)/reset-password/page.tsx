import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { Alert } from "@/components/ui/alert";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { RESET_LINK_INVALID, resetLinkUsable } from "@/lib/services/account-security";

// The token is in this page's URL: no Referer carries it to the pages it links to.
export const metadata: Metadata = { title: "Reset password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const usable = typeof token === "string" && token.length > 0 && token.length <= 200 && (await resetLinkUsable(await getDb(), token));
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      {usable ? (
        <ResetPasswordForm token={token} />
      ) : (
        <>
          <Alert tone="error">{RESET_LINK_INVALID}</Alert>
          <Link href="/forgot-password" className="text-sm font-medium text-brand-600 hover:underline">
            Ask for a new link
          </Link>
        </>
      )}
    </div>
  );
}
