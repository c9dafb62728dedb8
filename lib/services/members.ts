// Limits of the members list; its reads and changes are queries (db/queries/members.ts) driven by
// operations (lib/operations/members.ts).
import { csvText, type CsvCell } from "@/lib/csv/write";
import type { MemberView } from "@/db/queries/members";

export const MEMBERS_PAGE_SIZE = 25;
export const MAX_MEMBER_SEARCH_LENGTH = 100;
/** How many members one bulk change may name (a page holds at most 100). */
export const MAX_BULK_MEMBERS = 100;

/** How long a removed member can be reinstated with their previous role and teams. */
export const REINSTATE_WINDOW_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Removals at or before this moment can no longer be reinstated (decided by the time of the read). */
export function reinstateCutoff(now: Date): Date {
  return new Date(now.getTime() - REINSTATE_WINDOW_DAYS * DAY_MS);
}

/** The last day a removal made at `removedAt` can be reinstated. */
export function reinstatableUntil(removedAt: Date | string): string {
  return new Date(new Date(removedAt).getTime() + REINSTATE_WINDOW_DAYS * DAY_MS).toISOString();
}

export const MEMBERS_CSV_HEADER = ["Name", "User ID", "Email", "Email verified", "Role", "Teams", "Joined", "Last activity"] as const;

/** The members as CSV (lib/csv: every text cell is defused, so no name or team runs as a formula). */
export function membersCsv(members: readonly MemberView[]): string {
  const records: CsvCell[][] = [[...MEMBERS_CSV_HEADER]];
  for (const member of members) {
    records.push([
      member.name,
      member.handle,
      member.email,
      member.emailVerified ? "yes" : "no",
      member.role,
      member.teams.map((team) => team.name).join("; "),
      member.joinedAt,
      member.lastActiveAt,
    ]);
  }
  return csvText(records);
}

export function membersExportFileName(org: string, now: Date): string {
  return `members-${org.replace(/[^A-Za-z0-9_-]/g, "_")}-${now.toISOString().slice(0, 10)}.csv`;
}
