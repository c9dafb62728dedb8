// The /v2 route table: every API method the server answers (lib/api/table.ts describes an entry).
import type { ApiRoute } from "../table";
import { accountRoutes } from "./account";
import { annotationRoutes } from "./annotations";
import { appRoutes } from "./apps";
import { collaboratorRoutes } from "./collaborators";
import { computeRoutes } from "./compute";
import { conceptRoutes } from "./concepts";
import { inputRoutes } from "./inputs";
import { keyRoutes } from "./keys";
import { modelRoutes } from "./models";
import { scopeRoutes } from "./scopes";
import { searchRoutes } from "./searches";
import { workflowRoutes } from "./workflows";

export const API_ROUTES: readonly ApiRoute[] = [
  ...scopeRoutes,
  ...inputRoutes,
  ...conceptRoutes,
  ...annotationRoutes,
  ...searchRoutes,
  ...modelRoutes,
  ...workflowRoutes,
  ...appRoutes,
  ...collaboratorRoutes,
  ...keyRoutes,
  ...accountRoutes,
  ...computeRoutes,
];
