// The /v2 route table: every API method the server answers (lib/api/table.ts describes an entry).
import type { AppApiRoute } from "../table";
import { annotationRoutes } from "./annotations";
import { conceptRoutes } from "./concepts";
import { inputRoutes } from "./inputs";
import { scopeRoutes } from "./scopes";
import { searchRoutes } from "./searches";

export const API_ROUTES: readonly AppApiRoute[] = [...scopeRoutes, ...inputRoutes, ...conceptRoutes, ...annotationRoutes, ...searchRoutes];
