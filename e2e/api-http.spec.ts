import { expect, test, type APIResponse } from "@playwright/test";
import { postUnfinishedBody, signInFromAddress, signInOverHttp, signUpOverHttp } from "./support/http";
import { PERSONAS, everyScopeToken, signInAs, uniqueSuffix } from "./support/session";

// The API and sign-in over plain HTTP against the production build, as a script or an attacker
// would use them: malformed paths, wrong methods, forged client addresses.

async function expectEnvelope(response: APIResponse, http: number, code: number): Promise<void> {
  const where = `${response.url()} → ${response.status()}`;
  expect(response.status(), where).toBe(http);
  expect(response.headers()["content-type"], where).toMatch(/^application\/json/);
  const body = (await response.json()) as { status?: { code?: unknown; description?: unknown; req_id?: unknown } };
  expect(body.status, where).toMatchObject({ code, description: expect.any(String), req_id: expect.any(String) });
}

const MYSCOPES = "/v2/users/demo-org/apps/product-search/myscopes";

test("every /v2 answer is the JSON envelope: malformed paths 400, unknown paths 404, wrong methods 405, never 500", async ({ request }) => {
  const cases: [method: string, path: string, http: number, code: number][] = [
    // Percent-decoded once by the router: "%25" is the ID "%", which no ID can be.
    ["GET", "/v2/users/%25/apps/x/myscopes", 400, 11102],
    ["GET", "/v2/users/demo-org/apps/%25/myscopes", 400, 11102],
    ["GET", "/api/v2/users/%25/apps/x/myscopes", 400, 11102],
    ["GET", "/v2/users/a%2Fb/apps/x/myscopes", 400, 11102],
    ["GET", "/v2/users/..%2F..%2F/apps/x/myscopes", 400, 11102],
    ["GET", "/v2/users/%00/apps/x/myscopes", 400, 11102],
    ["GET", "/v2/users/a%20b/apps/x/myscopes", 400, 11102],
    // Not decodable at all.
    ["GET", "/v2/users/%/apps/x/myscopes", 400, 11102],
    ["GET", "/v2/users/%E0%A4%A/apps/x/myscopes", 400, 11102],
    ["GET", "/v2/users/%C0%AF/apps/x/myscopes", 400, 11102],
    ["DELETE", "/v2/users/x/apps/%zz/myscopes", 400, 11102],
    ["POST", "/v2/%", 400, 11102],
    // Unknown paths, any method.
    ["GET", "/v2", 404, 11101],
    ["GET", "/v2/no-such-resource", 404, 11101],
    ["POST", "/v2/users/demo-org/apps/product-search/no-such-resource", 404, 11101],
    ["DELETE", "/v2/users/demo-org", 404, 11101],
    ["OPTIONS", "/v2/nope/nope", 404, 11101],
    ["GET", "/api/v2", 404, 11101],
    // Known paths, wrong methods.
    ["POST", MYSCOPES, 405, 11103],
    ["PUT", MYSCOPES, 405, 11103],
    ["PATCH", MYSCOPES, 405, 11103],
    ["DELETE", MYSCOPES, 405, 11103],
    ["POST", "/v2/myscopes", 405, 11103],
    ["DELETE", "/v2/users/%25/apps/x/myscopes", 405, 11103],
    ["PROPFIND", "/v2/myscopes", 405, 11103],
    // And the right method still authenticates first: no key is 401 / 11102, as Clarifai answers it.
    ["GET", MYSCOPES, 401, 11102],
    ["GET", "/v2/myscopes?x=%zz", 401, 11102],
  ];
  for (const [method, path, http, code] of cases) {
    const response = await request.fetch(path, { method, headers: { "content-type": "application/json" }, data: method === "GET" ? undefined : "{}" });
    await expectEnvelope(response, http, code);
  }

  const wrongMethod = await request.fetch(MYSCOPES, { method: "PATCH" });
  expect(wrongMethod.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
  const options = await request.fetch(MYSCOPES, { method: "OPTIONS" });
  expect(options.status()).toBe(204);
  expect(options.headers()["allow"]).toBe("GET, HEAD, OPTIONS");

  // Paths that are not the API's are the pages': never answered in the API's envelope.
  for (const [method, path] of [["PROPFIND", "/sign-in"], ["GET", "/v20/x"], ["GET", "/sign-in%"]] as const) {
    const page = await request.fetch(path, { method, maxRedirects: 0 });
    expect(page.headers()["content-type"] ?? "", `${method} ${path}`).not.toMatch(/^application\/json/);
  }
});

test("an oversized body is refused without the server reading it to its end, and the connection is closed", async ({ page, baseURL }) => {
  await signInAs(page, PERSONAS.admin);
  const key = await everyScopeToken(page, `oversized ${uniqueSuffix()}`);
  const url = new URL("/v2/users/demo-org/apps/product-search/inputs", baseURL);
  const headers = { Authorization: `Key ${key}`, "Content-Type": "application/json" };
  // 2 MB sent of 200 MB announced, then of a chunked body of no announced length: the answer comes
  // while the client still holds the rest.
  for (const declared of [200 * 1024 * 1024, undefined]) {
    const answer = await postUnfinishedBody(url, headers, { sent: 2 * 1024 * 1024, declared });
    expect(answer, `an answer before the body's end (${declared ? "Content-Length" : "chunked"})`).not.toBeNull();
    expect(answer!.status).toBe(400);
    expect(answer!.connection).toBe("close");
    expect(JSON.parse(answer!.body)).toMatchObject({ status: { code: 11100, details: expect.stringContaining("larger than") } });
  }
});

test("rotating X-Forwarded-For does not escape sign-in throttling, and does not lock the owner out elsewhere", async ({ request, baseURL }) => {
  const id = uniqueSuffix();
  const person = { handle: `target-${id}`, name: `Target ${id.slice(-4)}`, email: `target-${id}@example.test`, password: "correct-horse-42" };
  await signUpOverHttp(request, baseURL!, person);

  // Every guess claims to come from a new address; the server sees one socket address.
  let forged = 0;
  const disguise = () => {
    forged += 1;
    return { "X-Forwarded-For": `203.0.113.${forged}, 198.51.100.${forged}`, "X-Real-IP": `192.0.2.${forged}` };
  };
  for (let i = 0; i < 5; i++) {
    expect(await signInOverHttp(request, person.email, `wrong-guess-${i}`, disguise())).toEqual({ signedIn: false, code: "credentials" });
  }
  // Now even the right password is refused, unchecked, from this address — whatever it claims to be.
  for (let i = 0; i < 3; i++) {
    expect(await signInOverHttp(request, person.email, person.password, disguise())).toEqual({ signedIn: false, code: "rate_limited" });
  }
  expect(await signInOverHttp(request, person.email, person.password)).toEqual({ signedIn: false, code: "rate_limited" });

  // The owner, connecting from another address, is not locked out by the attack.
  expect(await signInFromAddress(baseURL!, "127.0.0.2", person.email, person.password)).toEqual({ signedIn: true, code: null });
  // …and their success does not lift the attacker's wait.
  expect(await signInOverHttp(request, person.email, person.password, disguise())).toEqual({ signedIn: false, code: "rate_limited" });
});

test("the API and the pages are one server on one database: a model posted through /v2 is on the app's page at once", async ({ page, request }) => {
  // On PGlite both sides must hold the one embedded database: a second instance on the folder would
  // not see this write (or would corrupt it).
  await signInAs(page, PERSONAS.admin);
  const secret = await everyScopeToken(page, `one-database ${uniqueSuffix()}`);
  const modelId = `shared-${uniqueSuffix()}`;
  const posted = await request.post("/v2/users/demo-org/apps/product-search/models", {
    headers: { Authorization: `Key ${secret}` },
    data: { model: { id: modelId, name: `Shared ${modelId}`, model_type_id: "embedding-classifier" } },
  });
  expect(posted.status(), await posted.text()).toBe(200);
  await page.goto("/demo-org/product-search");
  await expect(page.getByRole("region", { name: "Models" }).getByText(`Shared ${modelId}`)).toBeVisible();
  // And the other way: the token the page made is the one the API took.
  const listed = await request.get(`/v2/users/demo-org/apps/product-search/models/${modelId}`, { headers: { Authorization: `Key ${secret}` } });
  expect(listed.status()).toBe(200);
});
