import { myScopes } from "@/lib/api/my-scopes";
import { apiRoute, parseAppPath } from "@/lib/api/route";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute<{ userId: string; appId: string }>({
  async GET(request, { params }) {
    const target = parseAppPath(await params);
    if (target instanceof Response) return target;
    return myScopes(request, target);
  },
});
