// Teams-and-apps cases for `npm run bench:pages`: an organization with 1,000 teams and 5,000 apps
// and its 10-team, 20-app twin; team and app lists (first page, a search, a deep page), one team's
// tabs, and App Settings pages.
import { handles, memberships, organizations } from "@/db/schema";
import { seedTeamsAndApps } from "@/db/seeds/teams-apps";
import { newId } from "@/lib/ids";
import type { PageBenchCase, PageBenchContext } from "./pages";

const ORG = "bench-teams";
export const BENCH_TEAMS = 1000;
export const BENCH_APPS = 5000;

async function organization(context: PageBenchContext, handle: string, adminUserId: string, size: { teams: number; apps: number }): Promise<void> {
  const orgId = newId("org");
  await context.db.insert(handles).values({ key: handle, kind: "org" });
  await context.db.insert(organizations).values({ id: orgId, handle, handleKey: handle, name: `Bench ${handle}`, createdBy: adminUserId });
  await context.db.insert(memberships).values({ orgId, userId: adminUserId, role: "Admin" });
  await seedTeamsAndApps(context.db, { orgId, ...size });
}

async function setup(context: PageBenchContext): Promise<void> {
  await organization(context, ORG, context.adminUserId, { teams: BENCH_TEAMS, apps: BENCH_APPS });
  await organization(context, SMALL, context.smallAdminUserId, { teams: 10, apps: 20 });
}

const SMALL = "bench-teams-small";

/** Each page of the large organization, and its twin in the small one (seen by the small-org Admin). */
export const teamsAppsBenchCases: PageBenchCase[] = [
  { name: "teams list", path: `/${ORG}/settings/teams`, twin: `/${SMALL}/settings/teams`, setup },
  { name: "teams list, search", path: `/${ORG}/settings/teams?q=team-0777`, twin: `/${SMALL}/settings/teams?q=team-0007` },
  { name: "teams list, deep page", path: `/${ORG}/settings/teams?page=40`, twin: `/${SMALL}/settings/teams?page=1` },
  { name: "team page, members tab", path: `/${ORG}/settings/teams/team-0500`, twin: `/${SMALL}/settings/teams/team-0005` },
  { name: "team page, apps tab", path: `/${ORG}/settings/teams/team-0500?tab=apps`, twin: `/${SMALL}/settings/teams/team-0005?tab=apps` },
  { name: "org apps", path: `/${ORG}`, twin: `/${SMALL}` },
  { name: "org apps, search", path: `/${ORG}?q=app-4321`, twin: `/${SMALL}?q=app-0012` },
  { name: "org apps, deep page", path: `/${ORG}?page=200`, twin: `/${SMALL}?page=1` },
  { name: "home, organization apps tab", path: `/?list=org`, twin: `/?list=org` },
  { name: "app settings, general", path: `/${ORG}/app-0001/settings`, twin: `/${SMALL}/app-0001/settings` },
  { name: "app settings, teams", path: `/${ORG}/app-0001/settings/teams`, twin: `/${SMALL}/app-0001/settings/teams` },
  { name: "app settings, who has access", path: `/${ORG}/app-0001/settings/access`, twin: `/${SMALL}/app-0001/settings/access` },
];
