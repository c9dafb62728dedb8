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
      {/* One line at every width: on narrow screens the product name shrinks to its mark and the account name is truncated. */}
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-4 sm:gap-4">
        <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold whitespace-nowrap text-slate-900">
          <span className="flex h-7 w-7 items-center justify-center rounded-md bg-slate-900 text-xs font-bold text-white sm:hidden" aria-hidden>
            AC
          </span>
          <span className="sr-only sm:not-sr-only">Access Console</span>
        </Link>
        <div className="min-w-0">
          <AccountSwitcher user={{ handle: user.handle, name: user.name }} orgs={orgs} />
        </div>
        <div className="ml-auto flex shrink-0 items-center gap-1 sm:gap-2">
          <NotificationBell />
          <UserMenu user={user} orgs={orgs} />
        </div>
      </div>
    </header>
  );
}
