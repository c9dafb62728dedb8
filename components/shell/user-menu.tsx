"use client";

import { signOutAction } from "@/lib/actions/accounts";
import { Menu } from "@/components/ui/menu";

export function UserMenu({ user }: { user: { name: string; email: string; handle: string } }) {
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
        <div>
          <div className="border-b border-slate-100 px-3 py-2">
            <p className="text-sm font-medium">{user.name}</p>
            <p className="text-xs text-slate-500">{user.email}</p>
          </div>
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
