import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apps } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { newId } from "@/lib/ids";
import { signUpVerified } from "./test-accounts";
import { addCollaborator, explainAccess } from "@/lib/operations/collaborators";
import { runAs } from "@/lib/operations/testing";
import { createPersonalAccessToken } from "@/lib/operations/credentials";

let handle: DatabaseHandle;
const ids: Record<string, string> = {};
const app = { owner: "owner", app: "vision" };

beforeAll(async () => {
  handle = await openTestDatabase();
  for (const name of ["owner", "labeler", "other"]) {
    ids[name] = await signUpVerified(handle.db, name);
  }
  await handle.db.insert(apps).values({ id: newId("app"), ownerUserId: ids.owner!, appId: "vision", name: "Vision" });
  await runAs(handle.db, addCollaborator, ids.owner!, { ...app, email: "labeler@example.test", scopes: ["Annotations:Add", "Annotations:Get", "Inputs:Get", "Concepts:Get", "Collaborators:Get"] });
  await runAs(handle.db, addCollaborator, ids.owner!, { ...app, email: "other@example.test", scopes: ["Inputs:Get"] });
  await runAs(handle.db, createPersonalAccessToken, ids.labeler!, { name: "reader", scopes: ["Annotations:Get"] });
});
afterAll(async () => {
  await handle?.close();
});

describe("the effective access explainer", () => {
  it("names the grant layer as the one denying a delete of annotations, per credential", async () => {
    const result = await runAs(handle.db, explainAccess, ids.labeler!, { ...app, email: "labeler@example.test", endpoint: "/clarifai.api.V2/DeleteAnnotations" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.layers.map((layer) => layer.source)).toEqual(["Collaborator"]);
    expect(result.data.endpoint.needs).toEqual(["Annotations:Delete"]);
    const [session, token] = result.data.decisions;
    expect(session).toMatchObject({ credential: { kind: "session" }, decision: { allowed: false, deniedBy: "grant_lacks_scopes", missing: ["Annotations:Delete"] } });
    expect(token).toMatchObject({ credential: { kind: "pat", name: "reader" }, decision: { allowed: false } });
    const read = await runAs(handle.db, explainAccess, ids.labeler!, { ...app, email: "labeler@example.test", endpoint: "/clarifai.api.V2/ListAnnotations" });
    expect(read.ok && read.data.decisions.every((d) => d.decision.allowed)).toBe(true);
  });

  it("explains others only to those who may see collaborators", async () => {
    const asOther = await runAs(handle.db, explainAccess, ids.other!, { ...app, email: "labeler@example.test", endpoint: "/clarifai.api.V2/ListInputs" });
    expect(asOther).toMatchObject({ ok: false, code: "forbidden" });
    const asOwner = await runAs(handle.db, explainAccess, ids.owner!, { ...app, email: "other@example.test", endpoint: "/clarifai.api.V2/PostInputs" });
    expect(asOwner).toMatchObject({ ok: true, data: { decisions: [{ decision: { allowed: false, deniedBy: "grant_lacks_scopes", missing: ["Inputs:Add"] } }] } });
  });

  it("refuses unknown endpoints and malformed emails", async () => {
    const bad = await runAs(handle.db, explainAccess, ids.owner!, { ...app, email: "nope", endpoint: "/clarifai.api.V2/DropEverything" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["email", "endpoint"]);
  });
});
