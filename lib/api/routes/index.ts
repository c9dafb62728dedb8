// The /v2 route table: every API method the server answers (lib/api/table.ts describes an entry).
import type { AppApiRoute } from "../table";
import { scopeRoutes } from "./scopes";

export const API_ROUTES: readonly AppApiRoute[] = [...scopeRoutes];
