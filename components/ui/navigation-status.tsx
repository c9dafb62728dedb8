"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useState } from "react";

/**
 * Feedback while the next page is on its way: a bar along the top and a polite "Loading page…"
 * status, from the click on an in-app link (or the submit of a GET form) until the address
 * changes. Pages do not use loading.js for this: a streamed page answers 200 before it knows
 * whether the thing asked for exists, and outsiders must get a real 404.
 */
export function NavigationStatus() {
  return (
    <Suspense fallback={null}>
      <NavigationStatusInner />
    </Suspense>
  );
}

function NavigationStatusInner() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const location = `${pathname}?${search}`;
  const [pending, setPending] = useState<string | null>(null);
  // The address changed: the navigation that was pending has arrived.
  if (pending !== null && pending !== location) setPending(null);

  useEffect(() => {
    const current = () => `${window.location.pathname}?${new URLSearchParams(window.location.search).toString()}`;
    const onClick = (event: MouseEvent) => {
      // Not `defaultPrevented`: next/link prevents the browser's navigation to do its own.
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.("a[href]");
      if (!(anchor instanceof HTMLAnchorElement) || (anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      const next = `${url.pathname}?${url.searchParams.toString()}`;
      if (next !== current()) setPending(current());
    };
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "get") return;
      const url = new URL(form.action || window.location.href, window.location.href);
      url.search = new URLSearchParams(new FormData(form) as unknown as Record<string, string>).toString();
      const next = `${url.pathname}?${url.searchParams.toString()}`;
      if (url.origin === window.location.origin && next !== current()) setPending(current());
    };
    const onPopState = () => setPending(null);
    document.addEventListener("click", onClick);
    document.addEventListener("submit", onSubmit);
    window.addEventListener("popstate", onPopState);
    return () => {
      document.removeEventListener("click", onClick);
      document.removeEventListener("submit", onSubmit);
      window.removeEventListener("popstate", onPopState);
    };
  }, []);

  useEffect(() => {
    if (pending === null) return;
    // A navigation that never lands (an error page, a cancelled request) must not spin forever.
    const timer = setTimeout(() => setPending(null), 15_000);
    return () => clearTimeout(timer);
  }, [pending]);

  return (
    <>
      <div aria-hidden className={`pointer-events-none fixed inset-x-0 top-0 z-50 h-0.5 overflow-hidden ${pending ? "opacity-100" : "opacity-0"} transition-opacity`}>
        <div className="h-full w-1/3 animate-[navigation-progress_1.2s_ease-in-out_infinite] bg-brand-600" />
      </div>
      <div role="status" aria-live="polite" className="sr-only">
        {pending ? "Loading page…" : ""}
      </div>
    </>
  );
}
