import { myScopes } from "@/lib/api/my-scopes";
import { apiRoute } from "@/lib/api/route";

// Short form for app-specific keys: the key names its app.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute<Record<string, never>>({
  GET: (request) => myScopes(request, "key_app"),
});
