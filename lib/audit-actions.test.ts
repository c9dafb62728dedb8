import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, auditActionName, auditTargetTypeName } from "./audit-actions";

// Every action code the console writes has a readable name. The type of AuditInput's `action`
// already refuses a code the table lacks when the code is typed; this reads the sources too, so a
// code that reaches the log some other way (a cast, a string built at run time) is found as well.

const ROOT = join(__dirname, "..");
const SOURCES = ["app", "components", "db", "lib"];

function sourceFiles(path: string): string[] {
  if (statSync(path).isDirectory()) {
    if (/(^|\/)(node_modules|migrations)$/.test(path)) return [];
    return readdirSync(path).flatMap((name) => sourceFiles(join(path, name)));
  }
  return /\.tsx?$/.test(path) && !/\.test\.ts$|(^|\/)testing\.ts$/.test(path) ? [path] : [];
}

const CODE = /"([a-z][a-z_]*\.[a-z][a-z_]*)"/g;

/** The action codes written in the sources: literals on lines that set an `action` or call auditBatch (not operation names, not lib/authz's capabilities). */
function writtenCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const file of SOURCES.flatMap((folder) => sourceFiles(join(ROOT, folder)))) {
    const path = relative(ROOT, file);
    if (path.startsWith("lib/authz/")) continue;
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, index) => {
        if (!/\baction\b|auditBatch\(/.test(line)) return;
        for (const match of line.matchAll(CODE)) {
          if (/name:\s*$/.test(line.slice(0, match.index))) continue;
          if (!codes.has(match[1]!)) codes.set(match[1]!, `${path}:${index + 1}`);
        }
      });
  }
  return codes;
}

describe("audit action names", () => {
  it("names every action code the sources write", () => {
    const codes = writtenCodes();
    // The scan finds the codes (a scan that finds none would pass anything).
    expect(codes.size).toBeGreaterThan(80);
    for (const known of ["member.role_changed", "team.app_permission_changed", "nodepool.updated", "workflow.deleted", "demo.seeded"]) expect(codes.has(known), known).toBe(true);
    const unnamed = [...codes].filter(([code]) => !Object.hasOwn(AUDIT_ACTIONS, code)).map(([code, where]) => `${code} (${where})`);
    expect(unnamed).toEqual([]);
  });

  it("spells codes resource.past_tense, each with a name of its own", () => {
    const names = Object.values(AUDIT_ACTIONS);
    for (const code of Object.keys(AUDIT_ACTIONS)) expect(code).toMatch(/^[a-z][a-z_]*\.[a-z][a-z_]*$/);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Z][^.]*[a-z]$/);
  });

  it("reads names, and spells out a code it does not know", () => {
    expect(auditActionName("member.role_changed")).toBe("Member role changed");
    expect(auditActionName("team.app_permission_changed")).toBe("Team's app permission changed");
    expect(auditActionName("widget.frobbed_twice")).toBe("Widget frobbed twice");
    expect(auditTargetTypeName("permission_group")).toBe("Permission group");
    expect(auditTargetTypeName("gizmo_part")).toBe("Gizmo part");
  });

  it("names every kind of target the sources write", () => {
    const types = new Set<string>();
    for (const file of SOURCES.flatMap((folder) => sourceFiles(join(ROOT, folder)))) {
      for (const match of readFileSync(file, "utf8").matchAll(/targetType: "([a-z_]+)"/g)) types.add(match[1]!);
    }
    expect(types.size).toBeGreaterThan(15);
    expect([...types].filter((type) => !Object.hasOwn(AUDIT_TARGET_TYPES, type))).toEqual([]);
  });
});
