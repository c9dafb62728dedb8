import { myScopes } from "@/lib/operations/scopes";
import { appRoute } from "../table";

export const scopeRoutes = [
  appRoute({
    method: "GET",
    path: "myscopes",
    shortAliases: ["my_scopes"],
    operation: myScopes,
    endpoint: "/clarifai.api.V2/MyScopes",
    lists: ["scopes", "endpoints"],
    respond: (scopes) => scopes,
    summary: "What the key may do on the app right now: its operation scopes within the owner's grants, and the endpoints it may call.",
  }),
];
