import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { VerifyEmailForm } from "@/components/auth/verify-email-form";

export const metadata: Metadata = { title: "Verify email" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Verify your email</h1>
      {typeof token === "string" && token.length > 0 && token.length <= 200 ? (
        <VerifyEmailForm token={token} />
      ) : (
        <Alert tone="error">This verification link is incomplete. Open the link from your email again.</Alert>
      )}
    </div>
  );
}
