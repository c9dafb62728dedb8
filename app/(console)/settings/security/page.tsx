import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { SignOutEverywhere } from "@/components/account/sign-out-everywhere";
import { PersonalTokens } from "@/components/credentials/personal-tokens";
import { requireUser } from "@/lib/auth/principal";
import { listPersonalAccessTokens } from "@/lib/services/credentials";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  const user = await requireUser();
  const db = await getDb();
  const tokens = await listPersonalAccessTokens(db, user.id);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">Account settings</p>
        <h1 className="text-2xl font-semibold">Security</h1>
      </div>
      <div className="max-w-xl space-y-10">
        <ChangePasswordForm />
        <SignOutEverywhere />
      </div>
      <PersonalTokens tokens={tokens} addressVerified={user.emailVerified} />
    </div>
  );
}
