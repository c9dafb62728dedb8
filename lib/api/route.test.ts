import { afterEach, describe, expect, it, vi } from "vitest";
import { apiRoute, parseAppPath, unknownApiPath } from "./route";

const context = { params: Promise.resolve({}) };
const request = (method: string) => new Request("http://console.test/v2/things", { method });

async function envelope(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()) as { status: { code: number; description: string; details?: unknown; req_id: string } };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("apiRoute", () => {
  it("answers methods the path does not serve with 405 / 11103 and an Allow header", async () => {
    const route = apiRoute({ GET: async () => new Response("ok") });
    for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
      const response = await route[method](request(method), context);
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
      expect((await envelope(response)).status).toMatchObject({ code: 11103, description: "Method not allowed" });
    }
    const options = await route.OPTIONS(request("OPTIONS"), context);
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(await (await route.GET(request("GET"), context)).text()).toBe("ok");
  });

  it("turns an unexpected exception into a logged 500 / 99009 envelope that reveals nothing", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const route = apiRoute({
      GET: async () => {
        throw new Error("connection refused: secret-host:5432");
      },
    });
    const response = await route.GET(request("GET"), context);
    expect(response.status).toBe(500);
    const body = await envelope(response);
    expect(body.status).toMatchObject({ code: 99009, description: "Internal error" });
    expect(JSON.stringify(body)).not.toContain("secret-host");
    expect(logged).toHaveBeenCalledOnce();
  });
});

describe("unknownApiPath", () => {
  it("is 404 / 11101 in the envelope", async () => {
    const response = await unknownApiPath();
    expect(response.status).toBe(404);
    expect((await envelope(response)).status).toMatchObject({ code: 11101, description: "Resource does not exist" });
  });
});

describe("parseAppPath", () => {
  it("takes the parameters as Next.js decoded them, once", () => {
    expect(parseAppPath({ userId: "demo-org", appId: "product_search-2" })).toEqual({ ownerHandle: "demo-org", appId: "product_search-2" });
    // "%41" arrives from the path "%2541": it is literally "%41", not "A".
    expect(parseAppPath({ userId: "%41", appId: "x" })).toBeInstanceOf(Response);
  });

  it("refuses anything that cannot be an ID with 400 / 11102 naming the parameter", async () => {
    for (const [userId, appId, field] of [
      ["%", "x", "user_id"],
      ["a/b", "x", "user_id"],
      ["", "x", "user_id"],
      ["\u0000", "x", "user_id"],
      ["demo", "../x", "app_id"],
      ["demo", "x".repeat(65), "app_id"],
      ["-lead", "é", "user_id and app_id"],
    ] as const) {
      const result = parseAppPath({ userId, appId });
      expect(result, `${userId} ${appId}`).toBeInstanceOf(Response);
      const response = result as Response;
      expect(response.status).toBe(400);
      const body = await envelope(response);
      expect(body.status.code).toBe(11102);
      expect(body.status.details).toContain(field);
    }
  });
});
