import { describe, expect, it } from "vitest";
import { classifyDatabaseError, describeErrorSafely } from "./errors";

// The query builder wraps the driver's error and puts the statement and its parameters in its message.
function wrapped(code: string, params: unknown[] = ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]): Error {
  const cause = Object.assign(new Error("terminating connection due to administrator command"), { name: "PostgresError", code });
  return Object.assign(new Error(`Failed query: select * from credentials where secret_hash = $1\nparams: ${params.join(",")}`, { cause }), { name: "DrizzleQueryError", query: "select …", params });
}

describe("database errors", () => {
  it("tell an unreachable database and a statement out of time from other failures", () => {
    expect(classifyDatabaseError(wrapped("57P01"))).toBe("unavailable");
    expect(classifyDatabaseError(Object.assign(new Error("connect"), { code: "ECONNREFUSED" }))).toBe("unavailable");
    expect(classifyDatabaseError(Object.assign(new Error("closed"), { code: "CONNECTION_CLOSED" }))).toBe("unavailable");
    expect(classifyDatabaseError(wrapped("08006"))).toBe("unavailable");
    expect(classifyDatabaseError(wrapped("57014"))).toBe("timeout");
    expect(classifyDatabaseError(wrapped("55P03"))).toBe("timeout");
    expect(classifyDatabaseError(wrapped("23505"))).toBe("other");
    expect(classifyDatabaseError(new TypeError("x is undefined"))).toBe("other");
  });

  it("are described by class and code, never by statement or parameters", () => {
    const line = describeErrorSafely(wrapped("55P03"));
    expect(line).toBe("DrizzleQueryError < PostgresError (code 55P03)");
    expect(line).not.toContain("9f86d0");
    expect(describeErrorSafely(new TypeError("x is undefined"))).toBe("TypeError: x is undefined");
    expect(describeErrorSafely(new TypeError("x is undefined"), { stack: true })).toContain("errors.test.ts");
  });
});
