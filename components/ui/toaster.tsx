"use client";

import { Toaster as SonnerToaster, toast } from "sonner";

/**
 * Transient confirmations ("Ada is now Admin.") as toasts: announced politely, gone after a few
 * seconds, never left behind on another tab or page. Errors are not toasts: they stay next to the
 * form or dialog they belong to, until the person acts on them.
 */
export function Toaster() {
  return <SonnerToaster position="bottom-right" containerAriaLabel="Messages" closeButton duration={6000} toastOptions={{ closeButtonAriaLabel: "Dismiss message" }} />;
}

export function showSuccess(message: string) {
  toast.success(message);
}
