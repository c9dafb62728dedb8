// What every list search shares: a user's text as a LIKE pattern that matches it literally.

/** `q` as a case-insensitive "contains" pattern: %, _ and \ in it match themselves. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
