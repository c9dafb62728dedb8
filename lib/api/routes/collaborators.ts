import { deleteCollaborators, listAppCollaborators, patchCollaborators, postCollaborators } from "@/lib/operations/api-collaborators";
import { endpointList } from "@/lib/operations/api-shapes";
import { appRoute, type RequestParts } from "../table";

/** The person a PostCollaborators request names, as it names them. */
function requested(request: RequestParts): { id?: unknown; primary_email?: unknown; email?: unknown } {
  const [item] = (request.body.collaborators as Array<{ user?: Record<string, unknown> }> | undefined) ?? [];
  return item?.user ?? {};
}
const namedByAddress = (request: RequestParts) => requested(request).primary_email !== undefined || requested(request).email !== undefined;
const userIdOf = (request: RequestParts) => String(requested(request).id);

// An app's collaborators: the console's descriptors, one collaborator a request.
export const collaboratorRoutes = [
  appRoute({
    method: "GET",
    path: "collaborators",
    operation: listAppCollaborators,
    lists: ["collaborators"],
    respond: (listing) => listing,
    summary: "The app's collaborators by name, each with the scopes and endpoints granted, and the app's owner.",
    example: "page=1&per_page=128",
  }),
  appRoute({
    method: "POST",
    path: "collaborators",
    operation: postCollaborators,
    endpoint: "/clarifai.api.V2/PostCollaborators",
    lists: ["collaborators"],
    respond: (outcome, request) =>
      outcome.status === "added"
        ? {
            collaborators: [
              {
                id: outcome.handle,
                user: { id: outcome.handle, full_name: outcome.name, primary_email: outcome.email, email: outcome.email },
                scopes: outcome.grant.scopes,
                endpoints: endpointList(outcome.grant.endpointScopes),
              },
            ],
          }
        : // Named by user ID only, the caller is not told the address the invitation went to.
          { collaborators: [], invitations: [namedByAddress(request) ? { email: outcome.email, details: outcome.message } : { user_id: userIdOf(request), details: outcome.message }] },
    summary:
      "Adds one collaborator, named by user.id or user.primary_email (the address of their account), with scopes and endpoints you hold and your key carries (no endpoints: every endpoint). An account whose address is not verified is sent an invitation instead (answered in invitations); an address with no account is refused.",
    example: '{"collaborators": [{"user": {"primary_email": "ana@example.com"}, "scopes": ["Inputs:Get", "Predict"], "endpoints": ["/clarifai.api.V2/ListInputs", "/clarifai.api.V2/PostModelOutputs"]}]}',
  }),
  appRoute({
    method: "PATCH",
    path: "collaborators",
    operation: patchCollaborators,
    endpoint: "/clarifai.api.V2/PatchCollaborators",
    lists: ["collaborators"],
    respond: (grant) => ({ collaborators: [{ scopes: grant.scopes, endpoints: endpointList(grant.endpointScopes) }] }),
    summary: "Replaces one collaborator's scopes and endpoints (no endpoints: every endpoint), named by id, user.id or user.primary_email; you must hold both what they have and what they get.",
    example: '{"collaborators": [{"id": "ana", "scopes": ["Inputs:Get"]}], "action": "overwrite"}',
  }),
  appRoute({
    method: "DELETE",
    path: "collaborators",
    operation: deleteCollaborators,
    endpoint: "/clarifai.api.V2/DeleteCollaborators",
    respond: () => ({}),
    summary: "Removes one collaborator, named in collaborator_ids (a user ID; your own: you leave the app) or user_emails.",
    example: '{"collaborator_ids": ["ana"]}',
  }),
];
