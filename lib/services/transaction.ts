import type { Database, Transaction } from "@/db/client";
import { FailureSignal, type Result } from "@/lib/result";

/**
 * Runs `work` in one transaction. Returning a failure (or throwing FailureSignal) rolls back
 * everything written so far; the failure is handed back as a value.
 */
export async function runInTransaction<T>(db: Database, work: (tx: Transaction) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await db.transaction(async (tx) => {
      const result = await work(tx);
      if (!result.ok) throw new FailureSignal(result);
      return result;
    });
  } catch (error) {
    if (error instanceof FailureSignal) return error.failure;
    throw error;
  }
}

/** Postgres unique-violation on the named constraint/index (works for postgres.js and PGlite). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const candidates = [error, (error as { cause?: unknown } | null)?.cause];
  return candidates.some((candidate) => {
    if (!candidate || typeof candidate !== "object") return false;
    const { code, constraint: name, constraint_name: altName } = candidate as { code?: string; constraint?: string; constraint_name?: string };
    return code === "23505" && (!constraint || name === constraint || altName === constraint);
  });
}
