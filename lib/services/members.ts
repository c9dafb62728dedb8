// Limits of the members list; its reads and changes are queries (db/queries/members.ts) driven by
// operations (lib/operations/members.ts).

export const MEMBERS_PAGE_SIZE = 25;
export const MAX_MEMBER_SEARCH_LENGTH = 100;
