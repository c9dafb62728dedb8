import { describe, expect, it } from "vitest";
import { ApiReply, toResponse } from "./envelope";
import { MAX_BODY_BYTES, readJsonBody } from "./request-body";
import { checkUserAppId } from "./user-app-id";

const post = (body: string, headers: Record<string, string> = {}) => new Request("http://console.test/v2/inputs", { method: "POST", body, headers });

async function refusal(result: Record<string, unknown> | ApiReply) {
  expect(result).toBeInstanceOf(ApiReply);
  const response = toResponse(result as ApiReply);
  const json = (await response.json()) as { status: { code: number; details: string } };
  return { status: response.status, ...json.status };
}

describe("readJsonBody", () => {
  it("reads a JSON object, and nothing as an empty object", async () => {
    expect(await readJsonBody(post('{"inputs":[]}'))).toEqual({ inputs: [] });
    expect(await readJsonBody(post(""))).toEqual({});
  });

  it("refuses malformed JSON and bodies that are not objects with 400 / 11100", async () => {
    for (const body of ["{", "[1]", "42", "null", '"text"']) {
      expect(await refusal(await readJsonBody(post(body)))).toMatchObject({ status: 400, code: 11100 });
    }
  });

  it("refuses a body over 1 MB, also when its Content-Length understates it", async () => {
    const large = `{"x":"${"a".repeat(MAX_BODY_BYTES)}"}`;
    expect(await refusal(await readJsonBody(post(large)))).toMatchObject({ status: 400, code: 11100 });
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(large));
        controller.close();
      },
    });
    const lying = new Request("http://console.test/v2/inputs", { method: "POST", body: stream, headers: { "content-length": "10" }, duplex: "half" } as RequestInit);
    expect(await refusal(await readJsonBody(lying))).toMatchObject({ status: 400, code: 11100 });
  });
});

describe("checkUserAppId", () => {
  const tenant = { owner: "Acme", app: "vision" };
  const none = new URLSearchParams();

  it("accepts a body naming the same app (any letter case, or me) and removes it from the input", () => {
    for (const userId of ["acme", "ACME", "me"]) {
      expect(checkUserAppId({ user_app_id: { user_id: userId, app_id: "vision" }, inputs: [] }, none, tenant, "acme")).toEqual({ body: { inputs: [] } });
    }
  });

  it("refuses a body or query that contradicts the path with 400 / 11102", async () => {
    expect(await refusal(checkUserAppId({ user_app_id: { user_id: "acme", app_id: "other" } }, none, tenant, "acme") as ApiReply)).toMatchObject({ status: 400, code: 11102 });
    expect(await refusal(checkUserAppId({ user_app_id: { user_id: "me", app_id: "vision" } }, none, tenant, "someone") as ApiReply)).toMatchObject({ code: 11102 });
    expect(await refusal(checkUserAppId({ user_app_id: "acme/vision" }, none, tenant, "acme") as ApiReply)).toMatchObject({ code: 11102 });
    expect(await refusal(checkUserAppId({}, new URLSearchParams("user_app_id.user_id=other"), tenant, "acme") as ApiReply)).toMatchObject({ code: 11102 });
  });
});
