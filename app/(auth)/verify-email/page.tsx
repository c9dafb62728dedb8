import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { VerifyEmailForm } from "@/components/auth/verify-email-form";
import { currentUser } from "@/lib/auth/principal";
import { returnPathOrHome } from "@/lib/validation/return-path";

export const metadata: Metadata = { title: "Verify email" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token, callbackUrl } = await searchParams;
  // Where the person was headed when they signed up (an invitation), carried in the emailed link.
  const next = returnPathOrHome(callbackUrl);
  const signedIn = (await currentUser()) !== null;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Verify your email</h1>
      {typeof token === "string" && token.length > 0 && token.length <= 200 ? (
        <VerifyEmailForm token={token} callbackUrl={next} signedIn={signedIn} />
      ) : (
        <Alert tone="error">This verification link is incomplete. Open the link from your email again.</Alert>
      )}
    </div>
  );
}
