import { myScopes } from "@/lib/api/my-scopes";

export async function GET(request: Request, { params }: { params: Promise<{ userId: string; appId: string }> }) {
  const { userId, appId } = await params;
  return myScopes(request, { ownerHandle: decodeURIComponent(userId), appId: decodeURIComponent(appId) });
}
