import { deleteMyKey, getMyKey, listMyKeys, listTheAppKeys, patchMyKeys, postKeys } from "@/lib/operations/api-keys";
import { keyFields } from "@/lib/operations/api-shapes";
import { accountRoute, appRoute } from "../table";

// The caller's keys (account level: personal access tokens only), and one app's keys.
export const keyRoutes = [
  accountRoute({
    method: "GET",
    path: "keys",
    operation: listMyKeys,
    endpoint: "/clarifai.api.V2/ListKeys",
    lists: ["keys"],
    respond: (keys) => ({ keys }),
    summary: "Your live personal access tokens, and the app-specific keys you made on apps you reach, newest first (never a secret).",
    example: "page=1&per_page=20&not_expired=true",
  }),
  accountRoute({
    method: "GET",
    path: "keys/{key_id}",
    operation: getMyKey,
    endpoint: "/clarifai.api.V2/GetKey",
    respond: (key) => ({ key }),
    summary: "One of your keys, by its ID or by the key itself.",
  }),
  accountRoute({
    method: "POST",
    path: "keys",
    operation: postKeys,
    endpoint: "/clarifai.api.V2/PostKeys",
    lists: ["keys"],
    respond: (keys) => ({ keys }),
    summary:
      "Creates personal access tokens or, naming one app in apps, app-specific keys (Keys:Add on that app), all or none; a personal_access_token naming apps (with its type) is limited to those apps. A key carries only scopes and endpoints the calling token carries and, on an app, you hold there; a token limited to chosen apps makes keys for some of them only. Each key's id in the answer is the new key itself, shown this once.",
    example: '{"keys": [{"description": "uploader", "scopes": ["Inputs:Add", "Inputs:Get"], "apps": [{"id": "vision", "user_id": "me"}], "expires_at": "2030-01-01T00:00:00Z"}]}',
  }),
  accountRoute({
    method: "PATCH",
    path: "keys",
    operation: patchMyKeys,
    endpoint: "/clarifai.api.V2/PatchKeys",
    lists: ["keys"],
    respond: (keys) => ({ keys }),
    summary: "Renames your keys (their descriptions); a key's scopes, endpoints and expiry are fixed when it is created.",
    example: '{"keys": [{"id": "key_2fJ9sQk0bT1mRrVw7nLpA3xc", "description": "nightly uploader"}], "action": "overwrite"}',
  }),
  accountRoute({
    method: "DELETE",
    path: "keys/{key_id}",
    operation: deleteMyKey,
    endpoint: "/clarifai.api.V2/DeleteKey",
    respond: () => ({}),
    summary: "Revokes one of your keys, by its ID or by the key itself (an app-specific key: Keys:Delete on its app).",
  }),
  appRoute({
    method: "GET",
    path: "keys",
    operation: listTheAppKeys,
    endpoint: "/clarifai.api.V2/ListAppKeys",
    lists: ["keys"],
    respond: (keys) => ({ keys: keys.filter((key) => key.status !== "revoked").map((key) => ({ id: key.id, type: "app_specific_key", ...keyFields(key) })) }),
    summary: "The app's live app-specific keys, whoever made them, newest first and all at once (never a secret).",
  }),
];
