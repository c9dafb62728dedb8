// Teams-and-apps cases for `npm run bench:pages`: an organization with 1,000 teams and 5,000 apps;
// team and app lists (first page, a search, a deep page), one team's tabs, and App Settings pages.
import type { Database } from "@/db/client";
import { handles, memberships, organizations } from "@/db/schema";
import { seedTeamsAndApps } from "@/db/seeds/teams-apps";
import { newId } from "@/lib/ids";
import type { PageBenchCase, PageBenchContext } from "./pages";

const ORG = "bench-teams";
export const BENCH_TEAMS = 1000;
export const BENCH_APPS = 5000;

/** Fills the organization with 1,000 teams and 5,000 apps (each team holding 3 of them). */
export async function seed(db: Database, orgId: string): Promise<void> {
  await seedTeamsAndApps(db, { orgId, teams: BENCH_TEAMS, apps: BENCH_APPS });
}

async function setup(context: PageBenchContext): Promise<void> {
  const orgId = newId("org");
  await context.db.insert(handles).values({ key: ORG, kind: "org" });
  await context.db.insert(organizations).values({ id: orgId, handle: ORG, handleKey: ORG, name: "Bench teams and apps", createdBy: context.adminUserId });
  await context.db.insert(memberships).values({ orgId, userId: context.adminUserId, role: "Admin" });
  await seed(context.db, orgId);
}

export const teamsAppsBenchCases: PageBenchCase[] = [
  { name: "teams list, 1,000 teams", path: `/${ORG}/settings/teams`, setup },
  { name: "teams list, 1,000 teams, search", path: `/${ORG}/settings/teams?q=team-0777` },
  { name: "teams list, 1,000 teams, page 40", path: `/${ORG}/settings/teams?page=40` },
  { name: "team page, members tab", path: `/${ORG}/settings/teams/team-0500` },
  { name: "team page, apps tab", path: `/${ORG}/settings/teams/team-0500?tab=apps` },
  { name: "org apps, 5,000 apps", path: `/${ORG}` },
  { name: "org apps, 5,000 apps, search", path: `/${ORG}?q=app-4321` },
  { name: "org apps, 5,000 apps, page 200", path: `/${ORG}?page=200` },
  { name: "home, organization apps tab", path: `/?list=org` },
  { name: "app settings, general", path: `/${ORG}/app-0001/settings` },
  { name: "app settings, teams", path: `/${ORG}/app-0001/settings/teams` },
  { name: "app settings, who has access", path: `/${ORG}/app-0001/settings/access` },
];
