import { PATCH_APP_BODY, deleteThisApp, getApp, listMyApps, patchApp, postApps } from "@/lib/operations/api-apps";
import { accountRoute, appRoute } from "../table";

// The apps the caller reaches and creates (account level), and one app itself (the empty path).
export const appRoutes = [
  accountRoute({
    method: "GET",
    path: "apps",
    shortAliases: ["apps"],
    operation: listMyApps,
    endpoint: "/clarifai.api.V2/ListApps",
    lists: ["apps"],
    respond: (apps) => ({ apps }),
    summary: "The apps you reach — your own, your organizations', and those you collaborate on — by name, a page at a time (at most 100); search matches IDs and names.",
    example: "page=1&per_page=20&search=vision",
  }),
  accountRoute({
    method: "POST",
    path: "apps",
    operation: postApps,
    endpoint: "/clarifai.api.V2/PostApps",
    lists: ["apps"],
    respond: (apps) => ({ apps }),
    summary: "Creates apps, all or none: yours, or an organization's when user_id names one where you may create apps.",
    example: '{"apps": [{"id": "vision", "name": "Vision", "description": "Product photos"}]}',
  }),
  appRoute({
    method: "GET",
    path: "",
    shortAliases: ["app"],
    operation: getApp,
    respond: (app) => ({ app }),
    summary: "The app itself.",
  }),
  appRoute({
    method: "PATCH",
    path: "",
    operation: patchApp,
    endpoint: "/clarifai.api.V2/PatchApp",
    input: ({ body }) => ({ [PATCH_APP_BODY]: body }),
    respond: (app) => ({ app }),
    summary: "Changes the app's name, description, notes and visibility (gettable 10: private, 50: public), each as its settings page does.",
    example: '{"app": {"name": "Vision", "description": "Product photos", "visibility": {"gettable": 10}}, "action": "overwrite"}',
  }),
  appRoute({
    method: "DELETE",
    path: "",
    operation: deleteThisApp,
    endpoint: "/clarifai.api.V2/DeleteApp",
    respond: () => ({}),
    summary: "Deletes the app with everything in it.",
  }),
];
