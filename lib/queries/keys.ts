// TanStack Query key factories: every client list is keyed here, and mutations invalidate by key.
export const notificationKeys = {
  all: ["notifications"] as const,
  list: () => [...notificationKeys.all, "list"] as const,
};
