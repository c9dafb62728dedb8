"use client";

import { signOutAction } from "@/lib/actions/accounts";
import { Menu, MenuLink, MenuSeparator, MenuSubmitItem, MenuText } from "@/components/ui/menu";
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
      {() => (
        <>
          <MenuText>
            <p className="font-medium">{user.name}</p>
            <p className="text-xs text-slate-500">{user.email}</p>
          </MenuText>
          <MenuSeparator />
          <OrganizationMenuLinks orgs={orgs} />
          <MenuLink href="/settings/profile">Profile</MenuLink>
          <MenuLink href="/settings/security">Security & access tokens</MenuLink>
          <MenuSubmitItem action={signOutAction}>Sign out</MenuSubmitItem>
        </>
      )}
    </Menu>
  );
}
