// Tests ask the API for a decision on any endpoint, including those no route serves yet: MyScopes
// (which adds no rule beyond access to the app) served as `endpoint`, so the answer is exactly the
// runner's decision of that endpoint for the key.

import type { Database } from "@/db/client";
import type { EndpointName } from "@/lib/authz";
import { serveRoute } from "./dispatch";
import { scopeRoutes } from "./routes/scopes";

export function callAsEndpoint(db: Database, secret: string, app: { owner: string; app: string }, endpoint: EndpointName): Promise<Response> {
  const request = new Request(`http://console.test/v2/users/${app.owner}/apps/${app.app}/myscopes`, { headers: { authorization: `Key ${secret}` } });
  const route = { ...scopeRoutes[0]!, endpoint };
  return serveRoute(request, { kind: "match", route, form: "full", params: { user_id: app.owner, app_id: app.app } }, { db });
}
