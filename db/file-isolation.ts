import { sql } from "drizzle-orm";
import { expect, it, vi } from "vitest";
import { openTestDatabase } from "./testing";

// Database test files share one process (see ./test-setup.ts). Two files run this same probe: each
// checks that it starts with nothing the other one left behind, then leaves all of it behind.
// Whichever runs second would fail if anything crossed the file boundary.

const evaluation = { uses: 0 };
type Leftovers = { handles: number; schema: string | null };

export function defineFileIsolationProbe(): void {
  it("starts with nothing an earlier file left behind, then leaves everything behind", async () => {
    expect(++evaluation.uses).toBe(1);
    expect(process.env.FILE_ISOLATION_PROBE).toBeUndefined();
    expect(vi.isFakeTimers()).toBe(false);
    const handle = await openTestDatabase();
    try {
      const leftovers = (await handle.db.execute(
        sql`select (select count(*)::int from handles) as handles, to_regnamespace('isolation_probe')::text as schema`,
      )) as unknown as Leftovers[] | { rows: Leftovers[] };
      expect(Array.isArray(leftovers) ? leftovers[0] : leftovers.rows[0]).toEqual({ handles: 0, schema: null });
      await handle.db.execute(sql`insert into handles (key, kind) values ('isolation-probe', 'user')`);
      await handle.db.execute(sql`create schema isolation_probe`);
    } finally {
      await handle.close();
    }
    process.env.FILE_ISOLATION_PROBE = "set";
    // Last, because the database drivers need real timers.
    vi.useFakeTimers();
  });
}
