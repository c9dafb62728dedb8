import { z } from "zod";

// Handles name users and organizations in URLs, so they share one alphabet and a list of words
// that would collide with the console's own routes.
export const RESERVED_HANDLES = new Set([
  "settings", "api", "v2", "invitations", "sign-in", "sign-up", "sign-out", "signin", "signup", "signout",
  "verify-email", "login", "logout", "auth", "new", "admin", "_next", "static", "public", "favicon.ico",
  "robots.txt", "apps", "orgs", "organizations", "users", "me", "home", "help", "docs", "security",
  "notifications", "health", "status", "collaborate",
]);

export const handleSchema = z
  .string()
  .trim()
  .min(2, "Must be at least 2 characters.")
  .max(32, "Must be at most 32 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "Use letters, digits, '-' and '_' only, starting with a letter or digit.")
  .refine((value) => !RESERVED_HANDLES.has(value.toLowerCase()), "This ID is reserved by the console; choose another.");

export const emailSchema = z
  .string()
  .trim()
  .max(254, "Email address is too long.")
  .pipe(z.email("Enter a valid email address."))
  .transform((value) => value.toLowerCase());

/**
 * What in a text cannot be stored (PostgreSQL text holds no NUL, and an unpaired surrogate is not
 * Unicode), or null. Every free text a request may store goes through it.
 */
export function unstorableText(value: string): string | null {
  if (value.includes("\u0000")) return "the NUL character (\\u0000)";
  if (!value.isWellFormed()) return "an unpaired surrogate (not valid Unicode)";
  return null;
}

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, "Name is required.")
  .max(100, "Name must be at most 100 characters.")
  .refine((value) => unstorableText(value) === null, { error: (issue) => `Name must not hold ${unstorableText(issue.input as string)}.` });

// Length matters most; the class rule only stops the most obvious choices (all letters,
// all digits) and the account's own identifiers being reused as passwords.
export const passwordSchema = z
  .string()
  .min(10, "Password must be at least 10 characters.")
  .max(128, "Password must be at most 128 characters.")
  .refine((value) => /[A-Za-z]/.test(value) && /[^A-Za-z]/.test(value), "Password must mix letters with digits or symbols.");

export function handleKey(handle: string): string {
  return handle.toLowerCase();
}
