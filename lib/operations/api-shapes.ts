// Clarifai's resource shapes for the access methods of /v2 (API-NOTES §2, resources.proto): App,
// Key and the endpoint lists of keys and collaborators.

import { ENDPOINTS } from "@/lib/authz";
import type { Failure } from "@/lib/result";

/** App.visibility.gettable: Clarifai's PRIVATE (10) and PUBLIC (50). */
export const GETTABLE = { private: 10, public: 50 } as const;

export type ApiApp = {
  id: string;
  name: string;
  user_id: string;
  description: string;
  notes: string;
  visibility: { gettable: (typeof GETTABLE)[keyof typeof GETTABLE] };
  created_at: string;
};

export type AppFields = { appId: string; name: string; description: string; notes: string; visibility: "private" | "public"; ownerHandle: string; createdAt: Date };

export function presentApp(app: AppFields): ApiApp {
  return {
    id: app.appId,
    name: app.name,
    user_id: app.ownerHandle,
    description: app.description,
    notes: app.notes,
    visibility: { gettable: GETTABLE[app.visibility] },
    created_at: app.createdAt.toISOString(),
  };
}

export type KeyType = "personal_access_token" | "app_specific_key";

export type ApiKey = {
  /** The key's ID; the secret itself in PostKeys' answer, as Clarifai's clients read it there. */
  id: string;
  type: KeyType;
  description: string;
  scopes: string[];
  endpoints: string[];
  /** The app an app key is bound to (absent where the path names it: ListAppKeys). */
  apps?: Array<{ id: string; user_id: string }>;
  created_at: string;
  expires_at?: string;
};

/**
 * Endpoint scopes as a list of names: a key or grant on every endpoint (stored as null or "all")
 * lists every endpoint it may call, so the list always says exactly what it opens.
 */
export function endpointList(stored: "all" | readonly string[] | null): string[] {
  return stored === null || stored === "all" ? ENDPOINTS.map((endpoint) => endpoint.name) : [...stored];
}

/** The parts of a key every view of it shares. */
export function keyFields(key: { name: string; scopes: string[]; endpointScopes: "all" | readonly string[] | null; createdAt: string | Date; expiresAt: string | Date | null }) {
  const iso = (value: string | Date) => (typeof value === "string" ? value : value.toISOString());
  return {
    description: key.name,
    scopes: [...key.scopes],
    endpoints: endpointList(key.endpointScopes),
    created_at: iso(key.createdAt),
    ...(key.expiresAt ? { expires_at: iso(key.expiresAt) } : {}),
  };
}

/**
 * A console descriptor's failure with its fields named as the API request names them (`keys[0].expires_at`,
 * not `expiresAt`), `names` mapping the console's field names onto the item's.
 */
export function underApiFields(failure: Failure, item: string, names: Readonly<Record<string, string>>): Failure {
  if (!failure.fieldErrors) return failure;
  const fieldErrors = Object.fromEntries(Object.entries(failure.fieldErrors).map(([field, messages]) => [field === "_form" ? item : `${item}.${names[field] ?? field}`, messages]));
  return { ...failure, fieldErrors };
}
