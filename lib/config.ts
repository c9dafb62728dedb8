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
