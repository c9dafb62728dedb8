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

  it("takes a plain action, decides each endpoint it calls, and links the denial to the grant to change", async () => {
    const add = await runAs(handle.db, explainAccess, ids.owner!, { ...app, email: "other@example.test", what: "Add inputs" });
    expect(add.ok).toBe(true);
    if (!add.ok) return;
    expect(add.data.action).toBe("add inputs");
    expect(add.data.checks.map((check) => check.endpoint.method)).toEqual(["PostInputs"]);
    expect(add.data.checks[0]!.endpoint.description).toMatch(/Add inputs/);
    expect(add.data.layers).toEqual([expect.objectContaining({ layer: "collaborator", change: { label: expect.any(String), href: "/owner/vision/settings/collaborators?edit=other" } })]);
    expect(add.data.decisions[0]).toMatchObject({ decision: { allowed: false, missing: ["Inputs:Add"] }, change: { href: "/owner/vision/settings/collaborators?edit=other" } });

    const manage = await runAs(handle.db, explainAccess, ids.labeler!, { ...app, email: "labeler@example.test", what: "manage collaborators" });
    expect(manage.ok && manage.data.checks.map((check) => check.endpoint.method)).toEqual(["PostCollaborators", "PatchCollaborators", "DeleteCollaborators"]);
    // Denied by the grant itself: the collaboration is what to change.
    expect(manage.ok && manage.data.checks[0]!.decisions[0]).toMatchObject({ decision: { deniedBy: "grant_lacks_scopes" }, change: { href: "/owner/vision/settings/collaborators?edit=labeler" } });
    // The grant allows reading inputs, the labeler's own token does not: the token is theirs to change.
    const read = await runAs(handle.db, explainAccess, ids.labeler!, { ...app, email: "labeler@example.test", what: "see inputs" });
    const token = read.ok ? read.data.checks[0]!.decisions.find((d) => d.credential.kind === "pat") : undefined;
    expect(token).toMatchObject({ decision: { allowed: false, deniedBy: "credential_lacks_scopes" }, change: { href: "/settings/security" } });

    const mine = await runAs(handle.db, explainAccess, ids.owner!, { ...app, email: "owner@example.test", what: "predict" });
    expect(mine.ok && mine.data.layers).toEqual([expect.objectContaining({ layer: "owner", change: { label: "Transfer the app", href: "/owner/vision/settings" } })]);
    expect(mine.ok && mine.data.decisions[0]!.change).toBeNull();

    const visual = await runAs(handle.db, explainAccess, ids.owner!, { ...app, email: "other@example.test", what: "search by image" });
    expect(visual.ok && visual.data.endpoint.needs).toEqual(["Search", "Inputs:Get", "Predict"]);
  });

  it("refuses an action it does not know, by the field that named it", async () => {
    const unknown = await runAs(handle.db, explainAccess, ids.owner!, { ...app, email: "other@example.test", what: "fly to the moon" });
    expect(unknown).toMatchObject({ ok: false, fieldErrors: { what: [expect.stringContaining("Choose an action")] } });
    const neither = await runAs(handle.db, explainAccess, ids.owner!, { ...app, email: "other@example.test" });
    expect(neither).toMatchObject({ ok: false, fieldErrors: { endpoint: [expect.any(String)] } });
  });

  it("finds a person by user ID only as it would by address: the same refusal for someone not shown as for no one", async () => {
    const byId = await runAs(handle.db, explainAccess, ids.owner!, { ...app, user: "labeler", what: "see inputs" });
    expect(byId).toMatchObject({ ok: true, data: { user: { email: "labeler@example.test" } } });
    await signUpVerified(handle.db, "outsider");
    const unlisted = await runAs(handle.db, explainAccess, ids.owner!, { ...app, user: "outsider", what: "see inputs" });
    const nobody = await runAs(handle.db, explainAccess, ids.owner!, { ...app, user: "no-such-person", what: "see inputs" });
    expect(unlisted.ok).toBe(false);
    expect(nobody).toEqual(unlisted);
    // Without the collaborator view, only oneself, by whichever name.
    expect(await runAs(handle.db, explainAccess, ids.other!, { ...app, user: "labeler", what: "see inputs" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await runAs(handle.db, explainAccess, ids.other!, { ...app, user: "other", what: "see inputs" })).toMatchObject({ ok: true });
  });
});
