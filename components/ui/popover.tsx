"use client";

import * as RadixPopover from "@radix-ui/react-popover";
import type { ReactNode } from "react";

/**
 * A button that opens a non-modal panel of interactive content (the notification list) on Radix
 * Popover: Tab moves through the panel, Escape and clicks outside close it, focus returns to the
 * button. For a list of commands use `Menu` instead.
 */
export function Popover({ label, buttonContent, align = "left", children }: { label: string; buttonContent: ReactNode; align?: "left" | "right"; children: ReactNode }) {
  return (
    <RadixPopover.Root>
      <RadixPopover.Trigger
        aria-label={label}
        className="inline-flex items-center gap-2 rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600 data-[state=open]:bg-slate-100"
      >
        {buttonContent}
      </RadixPopover.Trigger>
      <RadixPopover.Portal>
        <RadixPopover.Content
          aria-label={label}
          align={align === "right" ? "end" : "start"}
          sideOffset={8}
          collisionPadding={8}
          className="z-30 w-80 max-w-[calc(100vw-1rem)] rounded-md bg-white shadow-lg ring-1 ring-slate-200 focus:outline-none"
        >
          {children}
        </RadixPopover.Content>
      </RadixPopover.Portal>
    </RadixPopover.Root>
  );
}
