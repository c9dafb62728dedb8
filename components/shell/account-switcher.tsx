"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { evaluateOrgCapability, type OrgRole } from "@/lib/authz";
import { Menu } from "@/components/ui/menu";
import { CreateOrganizationDialog } from "./create-organization-dialog";

export type SwitcherOrg = { handle: string; name: string; role: OrgRole };

/** The organization the current page belongs to (its URL starts with the org's handle), if any. */
function useCurrentOrganization(orgs: readonly SwitcherOrg[]): SwitcherOrg | undefined {
  const pathname = usePathname();
  const firstSegment = decodeURIComponent(pathname.split("/")[1] ?? "").toLowerCase();
  return orgs.find((org) => org.handle.toLowerCase() === firstSegment);
}

/**
 * The organization's entries of the upper-right menu, shown while working in an organization (seed
 * "Members and Teams": "click the menu in the upper-right corner … and select Members / Teams").
 * Teams only for roles that manage teams, like the settings tabs; the pages decide again.
 */
export function OrganizationMenuLinks({ orgs, onNavigate }: { orgs: readonly SwitcherOrg[]; onNavigate: () => void }) {
  const current = useCurrentOrganization(orgs);
  if (!current) return null;
  const base = `/${encodeURIComponent(current.handle)}/settings`;
  const itemClass = "block px-3 py-2 text-sm hover:bg-slate-50";
  return (
    <nav aria-label="Organization menu" className="border-b border-slate-100 py-1">
      <p className="px-3 pt-1 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{current.name}</p>
      <Link href={`${base}/members`} onClick={onNavigate} className={itemClass}>
        Members
      </Link>
      {evaluateOrgCapability(current.role, "teams.manage").allowed ? (
        <Link href={`${base}/teams`} onClick={onNavigate} className={itemClass}>
          Teams
        </Link>
      ) : null}
    </nav>
  );
}

/** Shows which account the page belongs to (the user's own or an organization) and switches. */
export function AccountSwitcher({ user, orgs }: { user: { handle: string; name: string }; orgs: SwitcherOrg[] }) {
  const [creating, setCreating] = useState(false);
  const current = useCurrentOrganization(orgs);
  return (
    <>
      <Menu
        label="Switch account or organization"
        buttonContent={
          <>
            <span className="flex h-6 w-6 items-center justify-center rounded bg-brand-100 text-xs font-semibold text-brand-700" aria-hidden>
              {(current?.name ?? user.name).slice(0, 1).toUpperCase()}
            </span>
            <span data-testid="current-account">{current ? current.name : `${user.name} (personal)`}</span>
            <span aria-hidden>▾</span>
          </>
        }
      >
        {(close) => (
          <nav aria-label="Accounts and organizations">
            <p className="px-3 pt-2 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Personal</p>
            <Link href="/" onClick={close} className="block px-3 py-2 text-sm hover:bg-slate-50" aria-current={!current ? "page" : undefined}>
              {user.name} <span className="text-slate-500">@{user.handle}</span>
            </Link>
            <p className="px-3 pt-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Organizations</p>
            {orgs.length === 0 ? <p className="px-3 py-2 text-sm text-slate-500">You are not in any organization yet.</p> : null}
            <ul>
              {orgs.map((org) => (
                <li key={org.handle}>
                  <Link
                    href={`/${encodeURIComponent(org.handle)}`}
                    onClick={close}
                    aria-current={current?.handle === org.handle ? "page" : undefined}
                    className="flex items-center justify-between px-3 py-2 text-sm hover:bg-slate-50"
                  >
                    <span>{org.name}</span>
                    <span className="text-xs text-slate-500">{org.role}</span>
                  </Link>
                </li>
              ))}
            </ul>
            <div className="mt-1 border-t border-slate-100 pt-1">
              <button
                type="button"
                onClick={() => {
                  close();
                  setCreating(true);
                }}
                className="block w-full px-3 py-2 text-left text-sm font-medium text-brand-600 hover:bg-slate-50"
              >
                Create organization
              </button>
            </div>
          </nav>
        )}
      </Menu>
      <CreateOrganizationDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
