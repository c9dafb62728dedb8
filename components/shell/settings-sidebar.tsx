"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useId, useState, type ReactNode } from "react";

export type SettingsSection = { href: string; label: string; exact?: boolean };

function isActive(section: SettingsSection, pathname: string): boolean {
  return section.exact ? pathname === section.href : pathname === section.href || pathname.startsWith(`${section.href}/`);
}

/**
 * The sections of a settings area: a vertical list beside the content from the md breakpoint up, and
 * on narrow screens a "Sections" disclosure button that shows the same list. Callers pass only the
 * sections the viewer may open (the pages decide again); `exact` marks a section whose sub-paths
 * belong to other sections.
 */
export function SettingsSidebar({ label, sections }: { label: string; sections: SettingsSection[] }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const current = sections.find((section) => isActive(section, pathname));
  return (
    <nav aria-label={label} className="md:sticky md:top-6 md:w-52 md:shrink-0">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((value) => !value)}
        className="flex w-full items-center justify-between gap-2 rounded-md bg-white px-3 py-2 text-left text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600 md:hidden"
      >
        <span className="min-w-0 truncate">
          Sections{current ? <span className="font-normal text-slate-600">: {current.label}</span> : null}
        </span>
        <svg viewBox="0 0 20 20" aria-hidden className={`h-4 w-4 shrink-0 text-slate-500 transition-transform ${open ? "rotate-180" : ""}`} fill="currentColor">
          <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
        </svg>
      </button>
      <ul id={listId} className={`${open ? "mt-2 block" : "hidden"} space-y-0.5 rounded-md bg-white p-1 ring-1 ring-slate-200 md:mt-0 md:block md:bg-transparent md:p-0 md:ring-0`}>
        {sections.map((section) => {
          const active = isActive(section, pathname);
          return (
            <li key={section.href}>
              <SidebarLink href={section.href} active={active} onNavigate={() => setOpen(false)}>
                {section.label}
              </SidebarLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function SidebarLink({ href, active, onNavigate, children }: { href: string; active: boolean; onNavigate: () => void; children: ReactNode }) {
  return (
    <Link
      href={href}
      onClick={onNavigate}
      aria-current={active ? "page" : undefined}
      className={`block rounded-md border-l-2 px-3 py-2 text-sm font-medium ${active ? "border-brand-600 bg-brand-50 text-brand-700" : "border-transparent text-slate-700 hover:bg-slate-100 hover:text-slate-900"}`}
    >
      {children}
    </Link>
  );
}

/** A settings area: its sidebar, then the section's content (which may shrink, so wide tables scroll inside it). */
export function SettingsLayout({ label, sections, children }: { label: string; sections: SettingsSection[]; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-4 md:flex-row md:items-start md:gap-8">
      <SettingsSidebar label={label} sections={sections} />
      <div className="min-w-0 flex-1 space-y-6">{children}</div>
    </div>
  );
}
