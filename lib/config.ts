// Runtime settings read from the environment (see README "Configuration").

export function appUrl(): string {
  const configured = process.env.APP_URL ?? process.env.AUTH_URL;
  if (configured) return configured.replace(/\/+$/, "");
  return `http://localhost:${process.env.PORT ?? "3000"}`;
}

export function demoDataEnabled(): boolean {
  return !["0", "false", "off", "no"].includes((process.env.DEMO_DATA ?? "on").toLowerCase());
}

export const EMAIL_VERIFICATION_TTL_MS = 48 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long an invitation link stays valid: INVITATION_TTL_DAYS (a positive number, fractions
 * allowed), 7 days by default.
 */
export function invitationTtlMs(): number {
  const raw = process.env.INVITATION_TTL_DAYS;
  const days = raw === undefined || raw.trim() === "" ? 7 : Number(raw);
  if (!Number.isFinite(days) || days <= 0 || days > 365) {
    throw new Error(`INVITATION_TTL_DAYS must be a number of days between 0 and 365, got "${raw}".`);
  }
  return Math.round(days * DAY_MS);
}

/**
 * Calls one API credential may make per minute, across every instance: API_RATE_LIMIT_PER_MINUTE
 * (a positive whole number), 600 by default.
 */
export function apiRateLimitPerMinute(): number {
  const raw = process.env.API_RATE_LIMIT_PER_MINUTE;
  const limit = raw === undefined || raw.trim() === "" ? 600 : Number(raw);
  if (!Number.isInteger(limit) || limit <= 0) throw new Error(`API_RATE_LIMIT_PER_MINUTE must be a positive whole number, got "${raw}".`);
  return limit;
}
