// Bulk data for benchmarks and tests: many teams and apps in one organization, inserted in batches
// of ~1000 rows (one multi-row INSERT each), plus small helpers that create users and orgs without
// the cost of password hashing.

import type { DbOrTx } from "../client";
import { insertEnvironments } from "../queries/compute";
import { apps, handles, memberships, organizations, teamApps, teams, users } from "../schema";
import type { OrgRole } from "@/lib/authz";
import { newId } from "@/lib/ids";

const BATCH = 1000;

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) await insert(rows.slice(start, start + BATCH));
}

export type SeedTeamsAndAppsOptions = {
  orgId: string;
  teams: number;
  apps: number;
  /** Apps given to each team (round robin over the apps, Model Trainer); default 3. */
  appsPerTeam?: number;
  createdBy?: string | null;
};

/**
 * Inserts `apps` apps (app IDs app-00001…) and `teams` teams (team IDs team-0001…) into the org, and
 * gives each team a few of the apps. Returns the internal ids.
 */
export async function seedTeamsAndApps(db: DbOrTx, options: SeedTeamsAndAppsOptions): Promise<{ teamIds: string[]; appIds: string[] }> {
  const width = Math.max(4, String(options.apps).length);
  const teamWidth = Math.max(4, String(options.teams).length);
  const appRows = Array.from({ length: options.apps }, (_, i) => {
    const n = String(i + 1).padStart(width, "0");
    return { id: newId("app"), ownerOrgId: options.orgId, appId: `app-${n}`, name: `App ${n}`, description: `Benchmark app ${n}.`, createdBy: options.createdBy ?? null };
  });
  await insertInBatches(appRows, (batch) => db.insert(apps).values(batch));
  const teamRows = Array.from({ length: options.teams }, (_, i) => {
    const n = String(i + 1).padStart(teamWidth, "0");
    return { id: newId("tea"), orgId: options.orgId, teamId: `team-${n}`, name: `Team ${n}`, defaultPermissionGroupId: "grp_full_access", createdBy: options.createdBy ?? null };
  });
  await insertInBatches(teamRows, (batch) => db.insert(teams).values(batch));
  const perTeam = appRows.length === 0 ? 0 : Math.min(options.appsPerTeam ?? 3, appRows.length);
  const links = teamRows.flatMap((team, t) =>
    Array.from({ length: perTeam }, (_, k) => ({
      teamId: team.id,
      orgId: options.orgId,
      appId: appRows[(t * perTeam + k) % appRows.length]!.id,
      permissionGroupId: "grp_model_trainer",
      addedBy: options.createdBy ?? null,
    })),
  );
  await insertInBatches(links, (batch) => db.insert(teamApps).values(batch).onConflictDoNothing());
  return { teamIds: teamRows.map((t) => t.id), appIds: appRows.map((a) => a.id) };
}

/** A user row without a usable password (tests and benchmarks). */
export async function seedUser(db: DbOrTx, handle: string, name = handle, { verified = false }: { verified?: boolean } = {}): Promise<string> {
  const id = newId("usr");
  await db.insert(handles).values({ key: handle.toLowerCase(), kind: "user" });
  await db.insert(users).values({
    id,
    handle,
    handleKey: handle.toLowerCase(),
    name,
    email: `${handle.toLowerCase()}@example.test`,
    passwordHash: "not-a-password-hash",
    emailVerifiedAt: verified ? new Date() : null,
  });
  return id;
}

/** An organization with the given members and roles. */
export async function seedOrganization(db: DbOrTx, handle: string, members: ReadonlyArray<{ userId: string; role: OrgRole }>): Promise<string> {
  const id = newId("org");
  await db.insert(handles).values({ key: handle.toLowerCase(), kind: "org" });
  await db.insert(organizations).values({ id, handle, handleKey: handle.toLowerCase(), name: handle });
  await insertEnvironments(db, { orgId: id, names: ["Development", "Production"] });
  if (members.length > 0) await db.insert(memberships).values(members.map((m) => ({ orgId: id, userId: m.userId, role: m.role })));
  return id;
}
