// TanStack Query key factories: every client list is keyed here, and mutations invalidate by key.
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

export const credentialKeys = {
  all: ["credentials"] as const,
  personal: () => [...credentialKeys.all, "personal"] as const,
  app: (ownerHandle: string, appId: string) => [...credentialKeys.all, "app", ownerHandle, appId] as const,
};

// The signed-in user's pending invitations (also those sent before they had an account).
export const invitationKeys = {
  all: ["invitations"] as const,
  mine: () => [...invitationKeys.all, "mine"] as const,
};
