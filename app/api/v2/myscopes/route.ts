import { myScopes } from "@/lib/api/my-scopes";

// Short form for app-specific keys: the key names its app.
export async function GET(request: Request) {
  return myScopes(request, "key_app");
}
