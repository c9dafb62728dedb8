"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

/**
 * Modal dialog on Radix Dialog: focus is trapped inside, the page behind is inert, Escape and the
 * close button close it. A click outside never does: a stray click must not lose what was typed or
 * a secret shown once. With `confirmBeforeClose`, closing (Escape, close button) asks that question
 * first — for dialogs that show a secret which cannot be displayed again.
 *
 * Focus goes back to the element that opened the dialog; when that element is gone (a menu item, a
 * row that was just removed), to the trigger of the menu it was in, else to the page heading.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  confirmBeforeClose,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: string;
  children: ReactNode;
  /** Asked before closing, e.g. "The secret will not be shown again. Close anyway?". Unset: closes at once. */
  confirmBeforeClose?: string;
}) {
  const [confirming, setConfirming] = useState(false);
  const [opener, setOpener] = useState<HTMLElement | null>(() => (open && typeof document !== "undefined" ? openerOf(document.activeElement) : null));
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    // Remember the opener in the render that opens the dialog: it still has focus then, before the
    // focus trap moves it and before a menu that held it unmounts.
    setWasOpen(open);
    if (open && typeof document !== "undefined") setOpener(openerOf(document.activeElement));
    if (!open) setConfirming(false);
  }
  const requestClose = () => {
    if (confirmBeforeClose) setConfirming(true);
    else onClose();
  };
  return (
    <RadixDialog.Root open={open} onOpenChange={(next) => (next ? undefined : requestClose())}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <RadixDialog.Content
          {...(description ? {} : { "aria-describedby": undefined })}
          onPointerDownOutside={(event) => event.preventDefault()}
          onInteractOutside={(event) => event.preventDefault()}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            restoreFocus(opener);
          }}
          className="fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl focus:outline-none"
        >
          <RadixDialog.Title className="pr-8 text-lg font-semibold text-slate-900">{title}</RadixDialog.Title>
          {description ? <RadixDialog.Description className="mt-1 text-sm text-slate-600">{description}</RadixDialog.Description> : null}
          <div className="mt-4">{children}</div>
          {/* Last in the tab order, so opening the dialog focuses its first field, not this. */}
          <RadixDialog.Close aria-label="Close dialog" className="absolute top-4 right-4 rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-600">
            <svg viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
              <path d="M5 5l10 10M15 5L5 15" />
            </svg>
          </RadixDialog.Close>
          {confirmBeforeClose ? (
            <RadixDialog.Root open={confirming} onOpenChange={setConfirming}>
              <RadixDialog.Portal>
                <RadixDialog.Overlay className="fixed inset-0 z-50 bg-slate-900/20" />
                <RadixDialog.Content
                  role="alertdialog"
                  onPointerDownOutside={(event) => event.preventDefault()}
                  onInteractOutside={(event) => event.preventDefault()}
                  className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-sm -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-2xl ring-1 ring-slate-200 focus:outline-none"
                >
                  <RadixDialog.Title className="text-base font-semibold text-slate-900">Close this dialog?</RadixDialog.Title>
                  <RadixDialog.Description className="mt-1 text-sm text-slate-700">{confirmBeforeClose}</RadixDialog.Description>
                  <div className="mt-4 flex justify-end gap-2">
                    <RadixDialog.Close asChild>
                      <Button variant="secondary">Keep open</Button>
                    </RadixDialog.Close>
                    <Button
                      variant="danger"
                      onClick={() => {
                        setConfirming(false);
                        onClose();
                      }}
                    >
                      Close anyway
                    </Button>
                  </div>
                </RadixDialog.Content>
              </RadixDialog.Portal>
            </RadixDialog.Root>
          ) : null}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** The element to return to: the focused element, or for an item of an open menu, the menu's button. */
function openerOf(active: Element | null): HTMLElement | null {
  if (!(active instanceof HTMLElement) || active === document.body) return null;
  const menu = active.closest<HTMLElement>("[role=menu]");
  const trigger = menu?.getAttribute("aria-labelledby");
  return trigger ? (document.getElementById(trigger) ?? active) : active;
}

function restoreFocus(opener: HTMLElement | null) {
  if (opener?.isConnected && !opener.closest("[inert]")) {
    opener.focus();
    keepFocusAfterRemoval(opener);
    return;
  }
  focusPageHeading();
}

function focusPageHeading() {
  const heading = document.querySelector<HTMLElement>("main h1") ?? document.querySelector<HTMLElement>("main");
  if (!heading) return;
  if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
  heading.focus();
}

/** How long after closing a removal may still arrive (the server's refresh of the list). */
const REMOVAL_WINDOW_MS = 10_000;

/**
 * The opener can disappear just after the dialog closed: a Remove or Rescind button whose row goes
 * when the list is refreshed. The browser then drops focus to the page body; move it to the page
 * heading instead, unless the person has already moved on.
 */
function keepFocusAfterRemoval(opener: HTMLElement) {
  const observer = new MutationObserver(() => {
    if (opener.isConnected) return;
    stop();
    if (document.activeElement === null || document.activeElement === document.body) focusPageHeading();
  });
  const onFocusElsewhere = (event: FocusEvent) => {
    if (event.target !== opener) stop();
  };
  const timer = window.setTimeout(() => stop(), REMOVAL_WINDOW_MS);
  function stop() {
    observer.disconnect();
    document.removeEventListener("focusin", onFocusElsewhere);
    window.clearTimeout(timer);
  }
  observer.observe(document.body, { childList: true, subtree: true });
  document.addEventListener("focusin", onFocusElsewhere);
}
