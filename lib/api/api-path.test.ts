import { describe, expect, it } from "vitest";
import { apiSegments, isApiPath } from "./api-path";

describe("API paths", () => {
  it("are /v2 and /api/v2 and what lies under them, nothing else", () => {
    for (const path of ["/v2", "/v2/", "/v2/myscopes", "/v2?x=1", "/api/v2/users/me/apps/a/inputs"]) expect(isApiPath(path), path).toBe(true);
    for (const path of ["/", "/sign-in", "/v20", "/v2x/a", "/api/v3/x", "/demo-org/v2", "/apiv2/x"]) expect(isApiPath(path), path).toBe(false);
  });

  it("give their segments after the prefix, percent-decoded; none for other paths or an empty segment", () => {
    expect(apiSegments("/v2")).toEqual([]);
    expect(apiSegments("/v2/users/me/apps/vision/myscopes")).toEqual(["users", "me", "apps", "vision", "myscopes"]);
    expect(apiSegments("/api/v2/users/a%20b/apps/x")).toEqual(["users", "a b", "apps", "x"]);
    expect(apiSegments("/sign-in")).toBeNull();
    expect(apiSegments("/v20/x")).toBeNull();
    expect(apiSegments("/v2/")).toBeNull();
    expect(apiSegments("/v2/users//apps")).toBeNull();
  });
});
