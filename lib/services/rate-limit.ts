import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rateLimits } from "@/db/schema";

export type RateLimitRule = { limit: number; windowMs: number };

// Sign-in throttling: failures per account and per client address in a fixed window.
export const SIGN_IN_LIMITS = {
  account: { limit: 5, windowMs: 15 * 60_000 },
  ip: { limit: 30, windowMs: 15 * 60_000 },
} satisfies Record<string, RateLimitRule>;

/** True when the bucket has reached its limit in the current window. */
export async function isRateLimited(db: DbOrTx, bucket: string, rule: RateLimitRule, now = new Date()): Promise<boolean> {
  const rows = await db
    .select({ hits: rateLimits.hits, windowStart: rateLimits.windowStart })
    .from(rateLimits)
    .where(sql`${rateLimits.bucket} = ${bucket}`);
  const row = rows[0];
  if (!row) return false;
  if (now.getTime() - row.windowStart.getTime() >= rule.windowMs) return false;
  return row.hits >= rule.limit;
}

/** Counts one hit atomically; a window that has passed starts again at 1. */
export async function recordHit(db: DbOrTx, bucket: string, rule: RateLimitRule, now = new Date()): Promise<void> {
  const windowStartCutoff = new Date(now.getTime() - rule.windowMs);
  await db
    .insert(rateLimits)
    .values({ bucket, windowStart: now, hits: 1 })
    .onConflictDoUpdate({
      target: rateLimits.bucket,
      set: {
        hits: sql`case when ${rateLimits.windowStart} <= ${windowStartCutoff.toISOString()}::timestamptz then 1 else ${rateLimits.hits} + 1 end`,
        windowStart: sql`case when ${rateLimits.windowStart} <= ${windowStartCutoff.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${rateLimits.windowStart} end`,
      },
    });
}

export async function clearBucket(db: DbOrTx, bucket: string): Promise<void> {
  await db.delete(rateLimits).where(sql`${rateLimits.bucket} = ${bucket}`);
}
