import { describe, expect, it } from "vitest";
import { returnPathOrHome, safeReturnPath } from "./return-path";

describe("return paths", () => {
  it("keeps same-site relative paths with their query", () => {
    for (const path of ["/", "/invitations/abc_DEF-123", "/collaborate/tok?x=1#y", "/demo-org/settings/members?tab=invitations"]) {
      expect(safeReturnPath(path)).toBe(path);
    }
  });

  it("refuses anything that could leave the site", () => {
    for (const value of [
      "https://evil.example/",
      "//evil.example/path",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      " /leading-space",
      `/${"a".repeat(500)}`,
      42,
      null,
      undefined,
      ["/a"],
    ]) {
      expect(safeReturnPath(value), JSON.stringify(value)).toBeNull();
      expect(returnPathOrHome(value)).toBe("/");
    }
  });
});
