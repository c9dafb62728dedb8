import { describe, expect, it } from "vitest";
import { BUILT_IN_ENVIRONMENT_POLICIES, BUILT_IN_GROUPS, BUILT_IN_GROUP_NAMES, scopeNames } from "@/lib/authz";
import { leastPrivilegedGroup } from "./permission-groups";

const builtIns = BUILT_IN_GROUP_NAMES.map((name) => ({ id: name, name, scopes: scopeNames(BUILT_IN_GROUPS[name].scopes), environments: BUILT_IN_ENVIRONMENT_POLICIES[name] }));

describe("the permission a new team starts with", () => {
  it("is the least privileged group, not Full Access", () => {
    expect(leastPrivilegedGroup(builtIns)?.name).toBe("Labeler Worker");
    // Whatever the order of the list.
    expect(leastPrivilegedGroup([...builtIns].reverse())?.name).toBe("Labeler Worker");
  });

  it("counts a custom group's scopes, then its environment access", () => {
    const narrow = { id: "c1", name: "Readers", scopes: ["Apps:Get"] as never[], environments: { all: "full" as const, overrides: {} } };
    const narrower = { ...narrow, id: "c2", name: "Readers without compute", environments: { all: "none" as const, overrides: { env_1: "read_only" as const } } };
    expect(leastPrivilegedGroup([...builtIns, narrow])?.id).toBe("c1");
    expect(leastPrivilegedGroup([...builtIns, narrow, narrower])?.id).toBe("c2");
    expect(leastPrivilegedGroup([])).toBeUndefined();
  });
});
