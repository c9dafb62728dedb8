// TanStack Query key factories, for data the browser fetches on its own: the notification bell
// (polled) and the search results inside dialogs. Lists a page shows are rendered by the server and
// refresh through the operation runner's revalidation — they are not cached here, so a change never
// has two caches to keep in step.
export const notificationKeys = {
  all: ["notifications"] as const,
  list: () => [...notificationKeys.all, "list"] as const,
};

// Search results inside the team and app dialogs (candidates not yet on the team / the app).
export const teamKeys = {
  all: ["teams"] as const,
  memberCandidates: (org: string, teamRef: string, q: string) => [...teamKeys.all, org, teamRef, "member-candidates", q] as const,
  appCandidates: (org: string, teamRef: string, q: string) => [...teamKeys.all, org, teamRef, "app-candidates", q] as const,
  teamCandidatesForApp: (org: string, appRef: string, q: string) => [...teamKeys.all, org, "for-app", appRef, q] as const,
};

// The signed-in user's pending invitations (also those sent before they had an account).
export const invitationKeys = {
  all: ["invitations"] as const,
  mine: () => [...invitationKeys.all, "mine"] as const,
  /** Invite Members: the organization's teams to seat the invitees on. */
  teamCandidates: (org: string, q: string) => [...invitationKeys.all, org, "team-candidates", q] as const,
};

// One audit event's whole before and after, opened from a row of the audit log.
export const auditKeys = {
  all: ["audit"] as const,
  event: (log: string, eventId: string) => [...auditKeys.all, log, eventId] as const,
};

// Apps a budget may be set for (the budget dialog's search); invalidated when a budget is saved.
export const budgetKeys = {
  all: ["budgets"] as const,
  appCandidates: (org: string, q: string) => [...budgetKeys.all, org, "app-candidates", q] as const,
};

// Apps a new personal access token may be limited to (the create-token dialog's search).
export const tokenKeys = {
  all: ["tokens"] as const,
  appCandidates: (q: string) => [...tokenKeys.all, "app-candidates", q] as const,
};
