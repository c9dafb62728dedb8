import Link from "next/link";
import type { AccountSummary } from "@/lib/services/accounts";
import { AccountSwitcher, type SwitcherOrg } from "./account-switcher";
import { NotificationBell } from "./notification-bell";
import { UserMenu } from "./user-menu";
import { VerifyEmailBanner } from "./verify-email-banner";

export function Header({ user, orgs }: { user: AccountSummary; orgs: SwitcherOrg[] }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      {!user.emailVerified ? <VerifyEmailBanner email={user.email} /> : null}
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4">
        <Link href="/" className="font-semibold text-slate-900">
          Access Console
        </Link>
        <AccountSwitcher user={{ handle: user.handle, name: user.name }} orgs={orgs} />
        <div className="ml-auto flex items-center gap-2">
          <NotificationBell />
          <UserMenu user={user} orgs={orgs} />
        </div>
      </div>
    </header>
  );
}
