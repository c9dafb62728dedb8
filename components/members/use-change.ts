"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { Result } from "@/lib/result";

/**
 * Runs one server action for a confirmation dialog: keeps its error to show in the dialog,
 * and refreshes the server-rendered list when it succeeds.
 */
export function useChange<T>(onDone?: (data: T) => void) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (call: () => Promise<Result<T>>) =>
    startTransition(async () => {
      setError(null);
      const result = await call();
      if (!result.ok) {
        setError(result.message);
        return;
      }
      onDone?.(result.data);
      router.refresh();
    });
  return { pending, error, run, reset: () => setError(null) };
}
