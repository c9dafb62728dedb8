import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { EmailChange } from "@/components/account/email-change";
import { ProfileForm } from "@/components/account/profile-form";
import { requireUser } from "@/lib/auth/principal";
import { accountProfile } from "@/lib/services/account-security";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const user = await requireUser();
  const profile = await accountProfile(await getDb(), user.id);
  if (!profile) return null;
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-slate-500">Account settings</p>
        <h1 className="text-2xl font-semibold">Profile</h1>
      </div>
      <div className="max-w-xl space-y-10">
        <ProfileForm name={profile.name} />
        <EmailChange email={profile.email} emailVerified={profile.emailVerified} pendingEmail={profile.pendingEmail} />
      </div>
    </div>
  );
}
