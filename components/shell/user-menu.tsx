"use client";

import Link from "next/link";
import { signOutAction } from "@/lib/actions/accounts";
import { Menu } from "@/components/ui/menu";
import { OrganizationMenuLinks, type SwitcherOrg } from "./account-switcher";

export function UserMenu({ user, orgs = [] }: { user: { name: string; email: string; handle: string }; orgs?: readonly SwitcherOrg[] }) {
  return (
    <Menu
      label="User menu"
      align="right"
      buttonContent={
        <span className="flex h-8 w-8 items-center justify-center rounded-full bg-slate-800 text-sm font-semibold text-white" aria-hidden>
          {user.name.slice(0, 1).toUpperCase()}
        </span>
      }
    >
      {(close) => (
        <div>
          <div className="border-b border-slate-100 px-3 py-2">
            <p className="text-sm font-medium">{user.name}</p>
            <p className="text-xs text-slate-500">{user.email}</p>
          </div>
          <OrganizationMenuLinks orgs={orgs} onNavigate={close} />
          <Link href="/settings/profile" onClick={close} className="block px-3 py-2 text-sm hover:bg-slate-50">
            Profile
          </Link>
          <Link href="/settings/security" onClick={close} className="block px-3 py-2 text-sm hover:bg-slate-50">
            Security & access tokens
          </Link>
          <form action={signOutAction}>
            <button type="submit" className="block w-full px-3 py-2 text-left text-sm hover:bg-slate-50">
              Sign out
            </button>
          </form>
        </div>
      )}
    </Menu>
  );
}
