import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DbOrTx } from "@/db/client";
import { flushMetering, meterCall } from "./metering";

// A database whose writes fail `failures` times, then succeed; it records what it was asked to write.
function flakyDatabase(failures: number) {
  const written: unknown[] = [];
  let left = failures;
  const db = {
    execute: vi.fn(async (query: SQL) => {
      if (left-- > 0) throw new Error("connection lost");
      written.push(...new PgDialect().sqlToQuery(query).params);
    }),
  };
  return { db: db as unknown as DbOrTx, written, execute: db.execute };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("metering when the database fails", () => {
  it("keeps the counts of a failed write and writes them with the next one", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { db, written, execute } = flakyDatabase(1);
    meterCall(db, { appRef: "app_1", credentialId: "key_1", endpoint: "ListInputs" });
    await flushMetering(db);
    expect(written).toHaveLength(0);
    expect(errors.mock.calls[0]![0]).toMatch(/could not write the counts of 1 endpoint-hours.*1 will be tried again, 0 are given up/);
    meterCall(db, { appRef: "app_1", credentialId: "key_1", endpoint: "ListInputs" });
    await flushMetering(db);
    expect(execute).toHaveBeenCalledTimes(2);
    // The two calls went out as one row counting 2.
    expect(JSON.parse(written[0] as string)).toEqual([expect.objectContaining({ app_ref: "app_1", credential_id: "key_1", endpoint: "ListInputs", calls: 2 })]);
  });

  it("gives the counts up after the third failed write, and says so", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { db, execute } = flakyDatabase(10);
    meterCall(db, { appRef: "app_1", credentialId: "key_1", endpoint: "ListInputs" });
    for (let i = 0; i < 4; i++) await flushMetering(db);
    expect(execute).toHaveBeenCalledTimes(3);
    expect(errors.mock.calls.at(-1)![0]).toMatch(/0 will be tried again, 1 are given up/);
  });
});
