"use client";

import { usePathname } from "next/navigation";
import { useState } from "react";
import { evaluateOrgCapability, type OrgRole } from "@/lib/authz";
import { Menu, MenuGroup, MenuItem, MenuLink, MenuSeparator, MenuText } from "@/components/ui/menu";
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
export function OrganizationMenuLinks({ orgs }: { orgs: readonly SwitcherOrg[] }) {
  const current = useCurrentOrganization(orgs);
  if (!current) return null;
  const base = `/${encodeURIComponent(current.handle)}/settings`;
  return (
    <>
      <MenuGroup label="Organization menu" heading={current.name}>
        <MenuLink href={`${base}/members`}>Members</MenuLink>
        {evaluateOrgCapability(current.role, "teams.manage").allowed ? <MenuLink href={`${base}/teams`}>Teams</MenuLink> : null}
      </MenuGroup>
      <MenuSeparator />
    </>
  );
}

/** Shows which account the page belongs to (the user's own or an organization) and switches. */
export function AccountSwitcher({ user, orgs }: { user: { handle: string; name: string }; orgs: SwitcherOrg[] }) {
  const [creating, setCreating] = useState(false);
  const current = useCurrentOrganization(orgs);
  const currentLabel = current ? current.name : `${user.name} (personal)`;
  return (
    <>
      {/* The button's name starts with what it shows, so speech input ("click Demo Organization") finds it. */}
      <Menu
        label={`${currentLabel}: switch account or organization`}
        buttonContent={
          <>
            {/* The initial is drawn by CSS: as text it would count as part of the button's visible label. */}
            <span
              data-initial={(current?.name ?? user.name).slice(0, 1).toUpperCase()}
              className="flex h-6 w-6 shrink-0 items-center justify-center rounded bg-brand-100 text-xs font-semibold text-brand-700 before:content-[attr(data-initial)]"
              aria-hidden
            />
            <span data-testid="current-account" className="max-w-[8rem] truncate sm:max-w-xs">
              {currentLabel}
            </span>
            <span aria-hidden>▾</span>
          </>
        }
      >
        {() => (
          <>
            <MenuGroup label="Personal" heading="Personal">
              <MenuLink href="/" current={!current}>
                <span>
                  {user.name} <span className="text-slate-500">@{user.handle}</span>
                </span>
              </MenuLink>
            </MenuGroup>
            <MenuGroup label="Organizations" heading="Organizations">
              {orgs.length === 0 ? <MenuText>You are not in any organization yet.</MenuText> : null}
              {orgs.map((org) => (
                <MenuLink key={org.handle} href={`/${encodeURIComponent(org.handle)}`} current={current?.handle === org.handle}>
                  <span>{org.name}</span>
                  <span className="text-xs text-slate-500">{org.role}</span>
                </MenuLink>
              ))}
            </MenuGroup>
            <MenuSeparator />
            <MenuItem tone="accent" onSelect={() => setCreating(true)}>
              Create organization
            </MenuItem>
          </>
        )}
      </Menu>
      <CreateOrganizationDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
