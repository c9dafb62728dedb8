import { and, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rateLimits } from "@/db/schema";

// Throttling counters in the rate_limits table (bucket, window_start, hits), shared by every
// instance. Two kinds of bucket:
// - fixed window: `hits` attempts since `window_start`, limited per window;
// - backoff: `hits` consecutive failures, and `window_start` holds the time of the LAST failure —
//   the table has no other timestamp, and the wait before the next attempt runs from that moment.
// Attempts are taken with one conditional upsert, so concurrent requests cannot all slip through
// the same free slot.

export type RateLimitRule = { limit: number; windowMs: number };

/** After `freeFailures` failures, each attempt waits 2^failures seconds after the last, capped. */
export type BackoffRule = { freeFailures: number; maxDelayMs: number; forgetAfterMs: number };

// 2^30 s is far beyond any cap; bounding the exponent keeps the SQL power() finite.
const MAX_EXPONENT = 30;

/** The wait after `failures` consecutive failures before the next attempt may run. */
export function backoffDelayMs(rule: BackoffRule, failures: number): number {
  if (failures < rule.freeFailures) return 0;
  return Math.min(2 ** Math.min(failures, MAX_EXPONENT) * 1000, rule.maxDelayMs);
}

/** `hits`: the attempts the window has counted, this one included. */
export type Taken = { allowed: true; windowStart: Date; hits: number } | { allowed: false };

/**
 * Takes one attempt from a fixed-window bucket: allowed while fewer than `limit` attempts were
 * taken in the current window (a window that has passed starts again at 1).
 */
export async function takeFromWindow(db: DbOrTx, bucket: string, rule: RateLimitRule, now = new Date()): Promise<Taken> {
  const update = windowUpdate(windowValues(rule, now));
  const rows = await db
    .insert(rateLimits)
    .values({ bucket, windowStart: now, hits: 1 })
    .onConflictDoUpdate({ target: rateLimits.bucket, set: { hits: update.hits, windowStart: update.windowStart }, setWhere: update.where })
    .returning({ windowStart: rateLimits.windowStart, hits: rateLimits.hits });
  const row = rows[0];
  return row ? { allowed: true, windowStart: row.windowStart, hits: row.hits } : { allowed: false };
}

/**
 * How an attempt updates a fixed-window bucket that exists: a window that has passed starts again
 * at 1, and a full one is left as it is (`where` false: the attempt is refused). The values may be
 * placeholders of a precompiled statement.
 */
export function windowUpdate({ limit, startedBy, now }: { limit: unknown; startedBy: unknown; now: unknown }): { hits: SQL; windowStart: SQL; where: SQL } {
  const expired = sql`${rateLimits.windowStart} <= ${startedBy}::timestamptz`;
  return {
    hits: sql`case when ${expired} then 1 else ${rateLimits.hits} + 1 end`,
    windowStart: sql`case when ${expired} then ${now}::timestamptz else ${rateLimits.windowStart} end`,
    where: sql`${expired} or ${rateLimits.hits} < ${limit}`,
  };
}

/** The values of windowUpdate for a rule at `now`: a window started by `startedBy` has passed. */
export function windowValues(rule: RateLimitRule, now: Date): { limit: number; startedBy: string; now: string } {
  return { limit: rule.limit, startedBy: new Date(now.getTime() - rule.windowMs).toISOString(), now: now.toISOString() };
}

/** Gives back an attempt taken with takeFromWindow (it turned out not to count), if its window still runs. */
export async function returnToWindow(db: DbOrTx, bucket: string, taken: Taken): Promise<void> {
  if (!taken.allowed) return;
  await db
    .update(rateLimits)
    .set({ hits: sql`greatest(${rateLimits.hits} - 1, 0)` })
    .where(and(eq(rateLimits.bucket, bucket), eq(rateLimits.windowStart, taken.windowStart)));
}

/**
 * Takes one attempt from a backoff bucket, counting it as a failure until clearBucket says
 * otherwise: allowed while fewer than `freeFailures` failures are recorded, or once the backoff
 * delay has passed since the last one. Failures older than `forgetAfterMs` are forgotten.
 */
export async function takeWithBackoff(db: DbOrTx, bucket: string, rule: BackoffRule, now = new Date()): Promise<Taken> {
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const forgotten = sql`${rateLimits.windowStart} <= ${new Date(now.getTime() - rule.forgetAfterMs).toISOString()}::timestamptz`;
  const delayMs = sql`least(power(2, least(${rateLimits.hits}, ${MAX_EXPONENT})) * 1000, ${rule.maxDelayMs})`;
  const rows = await db
    .insert(rateLimits)
    .values({ bucket, windowStart: now, hits: 1 })
    .onConflictDoUpdate({
      target: rateLimits.bucket,
      set: {
        hits: sql`case when ${forgotten} then 1 else ${rateLimits.hits} + 1 end`,
        windowStart: nowSql,
      },
      setWhere: sql`${forgotten} or ${rateLimits.hits} < ${rule.freeFailures} or ${rateLimits.windowStart} + ${delayMs} * interval '1 millisecond' <= ${nowSql}`,
    })
    .returning({ windowStart: rateLimits.windowStart, hits: rateLimits.hits });
  const row = rows[0];
  return row ? { allowed: true, windowStart: row.windowStart, hits: row.hits } : { allowed: false };
}

export async function clearBucket(db: DbOrTx, bucket: string): Promise<void> {
  await db.delete(rateLimits).where(sql`${rateLimits.bucket} = ${bucket}`);
}
