import { serveAppOperation } from "@/lib/api/operation-route";
import { apiRoute, parseAppPath } from "@/lib/api/route";
import { myScopes } from "@/lib/operations/scopes";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute<{ userId: string; appId: string }>({
  async GET(request, { params }) {
    const target = parseAppPath(await params);
    if (target instanceof Response) return target;
    return serveAppOperation(request, target, myScopes, "/clarifai.api.V2/MyScopes", { body: (scopes) => scopes });
  },
});
