"use client";

import { useSyncExternalStore } from "react";
import { formatAbsolute, formatRelative, toDate } from "@/lib/format/dates";

// One clock for every <Time> on the page, ticking each minute.
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let now = 0;

function subscribe(listener: () => void) {
  listeners.add(listener);
  timer ??= setInterval(() => listeners.forEach((notify) => notify()), 60_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** "Now", renewed at most once a minute: stable between calls, as useSyncExternalStore needs. */
function currentTime(): number {
  const time = Date.now();
  if (time - now >= 60_000 || time < now) now = time;
  return now;
}

/**
 * A moment, written relative to now with the absolute UTC time on hover. The server (and the
 * hydrating render) writes the absolute time, which does not depend on when it is rendered; the
 * browser then switches to the relative wording and keeps it current.
 */
export function Time({
  value,
  never = "Never",
  className,
  absolute: showAbsolute = false,
}: {
  value: Date | string | null | undefined;
  never?: string;
  className?: string;
  /**
   * Where the moment itself matters (a log, a history): the absolute time written out, and the
   * relative one beneath it, so that rows of the same minute still differ and read without hovering.
   */
  absolute?: boolean;
}) {
  const current = useSyncExternalStore(subscribe, currentTime, () => null);
  if (value === null || value === undefined) return <span className={className}>{never}</span>;
  const date = toDate(value);
  const absolute = formatAbsolute(date);
  if (showAbsolute) {
    return (
      <time dateTime={date.toISOString()} title={absolute} className={className}>
        <span className="whitespace-nowrap">{absolute}</span>
        {current === null ? null : <span className="block text-xs whitespace-nowrap text-slate-500">{formatRelative(date, current)}</span>}
      </time>
    );
  }
  return (
    <time dateTime={date.toISOString()} title={absolute} className={className}>
      {current === null ? absolute : formatRelative(date, current)}
    </time>
  );
}
