import { deleteCollaborators, listAppCollaborators, patchCollaborators, postCollaborators } from "@/lib/operations/api-collaborators";
import { endpointList } from "@/lib/operations/api-shapes";
import { appRoute } from "../table";

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
    respond: (outcome) =>
      outcome.status === "added"
        ? {
            collaborators: [
              {
                id: outcome.handle,
                user: { id: outcome.handle, full_name: outcome.name, email: outcome.email },
                scopes: outcome.grant.scopes,
                endpoints: endpointList(outcome.grant.endpointScopes),
              },
            ],
          }
        : { collaborators: [], invitations: [{ email: outcome.email, details: outcome.message }] },
    summary:
      "Adds one collaborator, by the email of their account, with scopes and endpoints you hold and your key carries (no endpoints: every endpoint). An account whose address is not verified is sent an invitation instead (answered in invitations); an address with no account is refused.",
    example: '{"collaborators": [{"user": {"email": "ana@example.com"}, "scopes": ["Inputs:Get", "Predict"], "endpoints": ["/clarifai.api.V2/ListInputs", "/clarifai.api.V2/PostModelOutputs"]}]}',
  }),
  appRoute({
    method: "PATCH",
    path: "collaborators",
    operation: patchCollaborators,
    endpoint: "/clarifai.api.V2/PatchCollaborators",
    lists: ["collaborators"],
    respond: (grant) => ({ collaborators: [{ scopes: grant.scopes, endpoints: endpointList(grant.endpointScopes) }] }),
    summary: "Replaces one collaborator's scopes and endpoints (no endpoints: every endpoint); you must hold both what they have and what they get.",
    example: '{"collaborators": [{"id": "ana", "scopes": ["Inputs:Get"]}], "action": "overwrite"}',
  }),
  appRoute({
    method: "DELETE",
    path: "collaborators",
    operation: deleteCollaborators,
    endpoint: "/clarifai.api.V2/DeleteCollaborators",
    respond: () => ({}),
    summary: "Removes one collaborator, named by user ID (your own: you leave the app).",
    example: '{"collaborator_ids": ["ana"]}',
  }),
];
