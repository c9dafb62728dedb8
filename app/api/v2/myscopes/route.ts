import { serveAppOperation } from "@/lib/api/operation-route";
import { apiRoute } from "@/lib/api/route";
import { myScopes } from "@/lib/operations/scopes";

// Short form for app-specific keys: the key names its app.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute<Record<string, never>>({
  GET: (request) => serveAppOperation(request, "key_app", myScopes, "/clarifai.api.V2/MyScopes", { body: (scopes) => scopes }),
});
