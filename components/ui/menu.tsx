"use client";

import * as RadixMenu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { useState, type ReactNode } from "react";

/**
 * A menu button on Radix DropdownMenu: menu roles, arrow keys, Home/End, typeahead, Escape, and
 * focus back on the button. Its entries are `MenuLink`, `MenuItem` and `MenuSubmitItem`, grouped
 * with `MenuGroup` and divided by `MenuSeparator`; anything else inside is not reachable by keyboard.
 * Items close the menu when chosen; `close` is there for callers that need to close it themselves.
 */
export function Menu({ label, buttonContent, align = "left", children }: { label: string; buttonContent: ReactNode; align?: "left" | "right"; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <RadixMenu.Root open={open} onOpenChange={setOpen}>
      <RadixMenu.Trigger
        aria-label={label}
        className="inline-flex items-center gap-2 rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600 data-[state=open]:bg-slate-100"
      >
        {buttonContent}
      </RadixMenu.Trigger>
      <RadixMenu.Portal>
        <RadixMenu.Content
          align={align === "right" ? "end" : "start"}
          sideOffset={8}
          collisionPadding={8}
          className="z-30 w-72 max-w-[calc(100vw-1rem)] rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200 focus:outline-none"
        >
          {children(() => setOpen(false))}
        </RadixMenu.Content>
      </RadixMenu.Portal>
    </RadixMenu.Root>
  );
}

const ITEM = "flex w-full cursor-default items-center justify-between gap-2 px-3 py-2 text-left text-sm outline-none select-none data-[highlighted]:bg-slate-100 data-[disabled]:opacity-50";

/** A menu entry that navigates. `current` marks the page the viewer is on. */
export function MenuLink({ href, children, current, className = "" }: { href: string; children: ReactNode; current?: boolean; className?: string }) {
  return (
    <RadixMenu.Item asChild>
      <Link href={href} aria-current={current ? "page" : undefined} className={`${ITEM} ${className}`}>
        {children}
      </Link>
    </RadixMenu.Item>
  );
}

/** A menu entry that runs something. */
export function MenuItem({ onSelect, children, tone = "default", disabled }: { onSelect: () => void; children: ReactNode; tone?: "default" | "danger" | "accent"; disabled?: boolean }) {
  const color = tone === "danger" ? "text-red-700" : tone === "accent" ? "font-medium text-brand-600" : "";
  return (
    <RadixMenu.Item onSelect={onSelect} disabled={disabled} className={`${ITEM} ${color}`}>
      {children}
    </RadixMenu.Item>
  );
}

/**
 * A menu entry that submits a form (a server action), e.g. Sign out. The menu stays open while it
 * submits: closing it would remove the form from the page before the browser sends it.
 */
export function MenuSubmitItem({ action, children }: { action: (formData: FormData) => void | Promise<void>; children: ReactNode }) {
  return (
    <form action={action}>
      <RadixMenu.Item asChild onSelect={(event) => event.preventDefault()}>
        <button type="submit" className={ITEM}>
          {children}
        </button>
      </RadixMenu.Item>
    </form>
  );
}

/** Named group of entries (`label` is its accessible name), with an optional visible heading. */
export function MenuGroup({ label, heading, children }: { label: string; heading?: ReactNode; children: ReactNode }) {
  return (
    <RadixMenu.Group aria-label={label} className="py-1">
      {heading ? <RadixMenu.Label className="px-3 pt-1 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{heading}</RadixMenu.Label> : null}
      {children}
    </RadixMenu.Group>
  );
}

/** Text inside a menu that is not an entry (who is signed in, an empty list). */
export function MenuText({ children }: { children: ReactNode }) {
  return <div className="px-3 py-2 text-sm">{children}</div>;
}

export function MenuSeparator() {
  return <RadixMenu.Separator className="my-1 h-px bg-slate-100" />;
}
