// Demo people, teams, collaborators and app data, so that a first look finds something on every
// page: two teams of demo-org with members and apps, an outside collaborator (with the access token
// a collaboration comes with), a pending invitation of each kind, and inputs, concepts, annotations,
// models and workflows in the organization's apps.
//
// Kept clear of what the demo personas are used to show: the Team Contributor persona (Theo) is in
// no team, so the role alone reaches no app; product-search stays in no team and has no
// collaborators. Every insert skips what already exists, so running it twice changes nothing.

import { randomBytes } from "node:crypto";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { insertCollaborationToken } from "../queries/credentials";
import { annotations, apps, collaboratorInvitations, collaborators, concepts, handles, inputs, invitations, memberships, models, teamApps, teamMembers, teams, users, workflows, type InputData } from "../schema";
import type { OrgRole } from "@/lib/authz";
import { invitationTtlMs } from "@/lib/config";
import { newId } from "@/lib/ids";
import { randomSecret, sha256Hex } from "@/lib/secrets";
import { collaborationTokenName } from "@/lib/services/credentials";

/** People besides the one-per-role personas: two team members and a collaborator from outside the org. */
export const DEMO_PEOPLE: ReadonlyArray<{ handle: string; name: string; email: string; role: OrgRole | null; note: string }> = [
  { handle: "demo-labeler", name: "Lena Labeler", email: "labeler@demo.example", role: "Team Contributor", note: "on the Labeling team" },
  { handle: "demo-trainer", name: "Tariq Trainer", email: "trainer@demo.example", role: "Team Contributor", note: "on the ML engineers team" },
  { handle: "demo-partner", name: "Pat Partner", email: "partner@demo.example", role: null, note: "collaborator on moderation and sandbox, not a member" },
];

const TEAMS = [
  {
    teamId: "labeling-team",
    name: "Labeling team",
    group: "grp_labeler_worker",
    members: ["demo-labeler", "demo-contributor"],
    apps: [
      { appId: "labeling", group: "grp_labeler_lead" },
      { appId: "moderation", group: "grp_labeler_worker" },
    ],
  },
  {
    teamId: "ml-engineers",
    name: "ML engineers",
    group: "grp_model_trainer",
    members: ["demo-trainer", "demo-contributor"],
    apps: [{ appId: "moderation", group: "grp_model_trainer" }],
  },
] as const;

const COLLABORATIONS = [
  { handle: "demo-partner", app: { owner: "org", appId: "moderation" }, scopes: ["Annotations:Add", "Annotations:Get", "Concepts:Get", "Inputs:Add", "Inputs:Get", "Predict"] },
  { handle: "demo-partner", app: { owner: "admin", appId: "sandbox" }, scopes: ["Inputs:Get", "Predict", "Search"] },
] as const;

type Labelled = { id: string; url: string; concepts: string[]; metadata?: Record<string, unknown> };

/** Per org app: concepts, inputs (images labelled with concepts), annotations by a labeler, models, workflows. */
const APP_DATA: Record<string, { concepts: [string, string][]; inputs: Labelled[]; annotatedBy?: string; models?: { modelId: string; name: string; modelTypeId: string; description: string; conceptIds: string[] }[]; workflows?: { workflowId: string; description: string; models: string[] }[] }> = {
  "product-search": {
    concepts: [["sneaker", "Sneaker"], ["backpack", "Backpack"], ["watch", "Watch"], ["jacket", "Jacket"]],
    inputs: [
      { id: "sku-1001", url: "https://images.example/catalogue/red-sneaker.jpg", concepts: ["sneaker"], metadata: { sku: "1001", color: "red" } },
      { id: "sku-1002", url: "https://images.example/catalogue/trail-backpack.jpg", concepts: ["backpack"], metadata: { sku: "1002", color: "green" } },
      { id: "sku-1003", url: "https://images.example/catalogue/steel-watch.jpg", concepts: ["watch"], metadata: { sku: "1003", color: "silver" } },
      { id: "sku-1004", url: "https://images.example/catalogue/rain-jacket.jpg", concepts: ["jacket"], metadata: { sku: "1004", color: "yellow" } },
      { id: "sku-1005", url: "https://images.example/catalogue/white-sneaker.jpg", concepts: ["sneaker"], metadata: { sku: "1005", color: "white" } },
      { id: "sku-1006", url: "https://images.example/catalogue/city-backpack.jpg", concepts: ["backpack"], metadata: { sku: "1006", color: "black" } },
    ],
    workflows: [{ workflowId: "visual-search", description: "Embeds a query photo to find similar products.", models: ["product-embedder"] }],
  },
  moderation: {
    concepts: [["safe", "Safe"], ["unsafe", "Unsafe"], ["needs-review", "Needs review"]],
    inputs: [
      { id: "upload-2041", url: "https://images.example/uploads/beach.jpg", concepts: ["safe"] },
      { id: "upload-2042", url: "https://images.example/uploads/concert.jpg", concepts: ["needs-review"] },
      { id: "upload-2043", url: "https://images.example/uploads/kitchen.jpg", concepts: ["safe"] },
      { id: "upload-2044", url: "https://images.example/uploads/blurred.jpg", concepts: ["unsafe"] },
    ],
    annotatedBy: "demo-labeler",
    models: [{ modelId: "safety-classifier", name: "Safety classifier", modelTypeId: "visual-classifier", description: "Tells safe uploads from unsafe ones.", conceptIds: ["safe", "unsafe"] }],
    workflows: [{ workflowId: "moderate-upload", description: "Classifies every new upload.", models: ["safety-classifier"] }],
  },
  labeling: {
    concepts: [["cat", "Cat"], ["dog", "Dog"], ["bird", "Bird"]],
    inputs: [
      { id: "photo-01", url: "https://images.example/pets/tabby.jpg", concepts: [] },
      { id: "photo-02", url: "https://images.example/pets/retriever.jpg", concepts: [] },
      { id: "photo-03", url: "https://images.example/pets/parrot.jpg", concepts: [] },
      { id: "photo-04", url: "https://images.example/pets/kitten.jpg", concepts: [] },
      { id: "photo-05", url: "https://images.example/pets/beagle.jpg", concepts: [] },
    ],
    annotatedBy: "demo-labeler",
  },
};

/** What the labeler concluded for the labeling workspace's photos (the inputs themselves carry no labels yet). */
const LABELS: Record<string, string> = { "photo-01": "cat", "photo-02": "dog", "photo-03": "bird" };

/** Row ids of app data, in the form the app-data queries give them. */
function dataRowId(prefix: "inp" | "ann"): string {
  return `${prefix}_${randomBytes(15).toString("base64url")}`;
}

async function userIdsByHandle(db: DbOrTx, handlesWanted: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.select({ id: users.id, handle: users.handle }).from(users).where(inArray(users.handleKey, [...handlesWanted]));
  return new Map(rows.map((row) => [row.handle, row.id]));
}

/**
 * Seeds the collaboration demo into demo-org (`orgId`), whose personas and apps exist already.
 * `passwordHash` is the demo password's, shared by every demo person.
 */
export async function seedDemoCollaboration(db: DbOrTx, { orgId, adminId, passwordHash, now = new Date() }: { orgId: string; adminId: string; passwordHash: string; now?: Date }): Promise<void> {
  const verifiedAt = now;
  for (const person of DEMO_PEOPLE) {
    await db.insert(handles).values({ key: person.handle, kind: "user" }).onConflictDoNothing();
    await db
      .insert(users)
      .values({ id: newId("usr"), handle: person.handle, handleKey: person.handle, name: person.name, email: person.email, emailVerifiedAt: verifiedAt, passwordHash })
      .onConflictDoNothing();
  }
  const people = await userIdsByHandle(db, [...DEMO_PEOPLE.map((person) => person.handle), "demo-contributor"]);
  const idOf = (handle: string) => {
    const id = people.get(handle);
    if (!id) throw new Error(`demo person ${handle} is missing`);
    return id;
  };
  const members = DEMO_PEOPLE.filter((person) => person.role !== null).map((person) => ({ orgId, userId: idOf(person.handle), role: person.role! }));
  await db.insert(memberships).values(members).onConflictDoNothing();

  const orgApps = new Map((await db.select({ id: apps.id, appId: apps.appId }).from(apps).where(eq(apps.ownerOrgId, orgId))).map((app) => [app.appId, app.id]));
  const [sandbox] = await db.select({ id: apps.id, appId: apps.appId }).from(apps).where(and(eq(apps.ownerUserId, adminId), eq(apps.appId, "sandbox"), isNull(apps.ownerOrgId)));

  // Teams with members and apps.
  for (const team of TEAMS) {
    await db.insert(teams).values({ id: newId("tea"), orgId, teamId: team.teamId, name: team.name, defaultPermissionGroupId: team.group, createdBy: adminId }).onConflictDoNothing();
    const [row] = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.orgId, orgId), eq(teams.teamId, team.teamId)));
    if (!row) continue;
    await db
      .insert(teamMembers)
      .values(team.members.map((handle) => ({ teamId: row.id, orgId, userId: idOf(handle), addedBy: adminId })))
      .onConflictDoNothing();
    const held = team.apps.flatMap((app) => (orgApps.has(app.appId) ? [{ teamId: row.id, orgId, appId: orgApps.get(app.appId)!, permissionGroupId: app.group, addedBy: adminId }] : []));
    if (held.length > 0) await db.insert(teamApps).values(held).onConflictDoNothing();
  }

  // Collaborators, each with the access token a collaboration comes with (secret not yet minted).
  for (const collaboration of COLLABORATIONS) {
    const appRef = collaboration.app.owner === "org" ? orgApps.get(collaboration.app.appId) : sandbox?.id;
    if (!appRef) continue;
    const ownerHandle = collaboration.app.owner === "org" ? "demo-org" : "demo-admin";
    const userId = idOf(collaboration.handle);
    const scopes = [...collaboration.scopes];
    await db.insert(collaborators).values({ id: newId("col"), appId: appRef, userId, scopes, endpointScopes: null, addedBy: adminId }).onConflictDoNothing();
    await insertCollaborationToken(db, { userId, appRef, name: collaborationTokenName({ ownerHandle, appId: collaboration.app.appId }), scopes, endpointScopes: null });
  }

  // One pending invitation of each kind. Their links were never mailed (only hashes are stored),
  // so they show what the pending lists look like; Resend mails a working link.
  const expiresAt = new Date(now.getTime() + invitationTtlMs());
  await db
    .insert(invitations)
    .values({ id: newId("inv"), orgId, email: "newcomer@partner.example", role: "Organization User", invitedBy: adminId, tokenHash: sha256Hex(randomSecret()), expiresAt, lastSentAt: now })
    .onConflictDoNothing();
  const moderation = orgApps.get("moderation");
  if (moderation) {
    await db
      .insert(collaboratorInvitations)
      .values({ id: newId("inv"), appId: moderation, email: "reviewer@partner.example", scopes: ["Annotations:Get", "Inputs:Get"], endpointScopes: null, invitedBy: adminId, tokenHash: sha256Hex(randomSecret()), expiresAt })
      .onConflictDoNothing();
  }

  // App data.
  for (const [appId, data] of Object.entries(APP_DATA)) {
    const appRef = orgApps.get(appId);
    if (!appRef) continue;
    await db.insert(concepts).values(data.concepts.map(([conceptId, name]) => ({ appRef, conceptId, name }))).onConflictDoNothing();
    const createdBy = data.annotatedBy ? idOf(data.annotatedBy) : adminId;
    // One input a second apart, so "newest first" lists them in a stable order.
    const inputRows = data.inputs.map((input, index) => {
      const inputData: InputData = { image: { url: input.url }, concepts: input.concepts.map((id) => ({ id, value: 1 })), metadata: input.metadata ?? {} };
      const at = new Date(now.getTime() - (data.inputs.length - index) * 1000);
      return { id: dataRowId("inp"), appRef, inputId: input.id, data: inputData, createdBy: adminId, createdAt: at, modifiedAt: at };
    });
    await db.insert(inputs).values(inputRows).onConflictDoNothing();
    if (data.annotatedBy) {
      const stored = await db.select({ id: inputs.id, inputId: inputs.inputId, data: inputs.data }).from(inputs).where(and(eq(inputs.appRef, appRef), inArray(inputs.inputId, data.inputs.map((input) => input.id))));
      const annotationRows = stored.flatMap((input) => {
        const concept = LABELS[input.inputId] ?? input.data.concepts?.[0]?.id;
        return concept ? [{ id: dataRowId("ann"), appRef, annotationId: `${input.inputId}-label`, inputRef: input.id, data: { concepts: [{ id: concept, value: 1 }], metadata: {} }, createdBy }] : [];
      });
      if (annotationRows.length > 0) await db.insert(annotations).values(annotationRows).onConflictDoNothing();
    }
    if (data.models?.length) await db.insert(models).values(data.models.map((model) => ({ appRef, ...model }))).onConflictDoNothing();
    if (data.workflows?.length) {
      await db
        .insert(workflows)
        .values(data.workflows.map((workflow) => ({ appRef, workflowId: workflow.workflowId, description: workflow.description, nodes: workflow.models.map((modelId, index) => ({ id: `node-${index + 1}`, model: { id: modelId } })) })))
        .onConflictDoNothing();
    }
  }
}
