// An app's collaborators over /v2 (ListCollaborators, PostCollaborators, PatchCollaborators,
// DeleteCollaborators). Adding, changing and removing one are the console's descriptors
// (./collaborators.ts: only what the caller holds and their token carries, endpoints included;
// email-addressed grants reach verified addresses only), reading Clarifai's request shape. Those
// descriptors take one collaborator, so a request names exactly one. A collaborator is named by
// their user ID, as the console's URLs name users.

import { z } from "zod";
import { listCollaborators } from "@/db/queries/collaborators";
import { ok } from "@/lib/result";
import { emailSchema } from "@/lib/validation/common";
import { endpointScopesField, operationScopesField } from "@/lib/validation/scopes";
import { apiInput, apiObject, pageWindow, says, type Unsupported } from "./api-input";
import { servedAs } from "./api-request";
import { endpointList } from "./api-shapes";
import { addCollaborator, changeCollaborator, removeCollaborator } from "./collaborators";
import { pageFields, recordId } from "./models";
import { defineAppOperation } from "./operation";

export type ApiCollaborator = {
  /** The collaborator's user ID: what PatchCollaborators and DeleteCollaborators name them by. */
  id: string;
  app?: { id: string; user_id: string };
  /** Clarifai's User: `primary_email`; `email` is this server's earlier spelling, kept for its clients. */
  user: { id: string; full_name?: string; primary_email?: string; email?: string };
  scopes: string[];
  endpoints: string[];
  created_at?: string;
};

/** The app's collaborators by name, with what each was granted, and the app's owner. */
export const listAppCollaborators = defineAppOperation({
  name: "collaborators.list",
  input: apiInput(pageFields, { list_all_collaborators: "the app's collaborators are listed, a page at a time." }),
  authorize: { endpoint: "/clarifai.api.V2/ListCollaborators" },
  readOnly: true,
  async run({ tx, tenant }, input) {
    const { limit, offset } = pageWindow(input);
    // An app has few collaborators: the page is cut from the whole list.
    const rows = (await listCollaborators(tx, { appRef: tenant.app.id })).slice(offset, offset + limit);
    const app = { id: tenant.app.appId, user_id: tenant.app.ownerHandle };
    return ok({
      collaborators: rows.map(
        (row): ApiCollaborator => ({
          id: row.handle,
          app,
          user: { id: row.handle, full_name: row.name, primary_email: row.email, email: row.email },
          scopes: row.collaborator.scopes,
          endpoints: endpointList(row.collaborator.endpointScopes),
          created_at: row.collaborator.createdAt.toISOString(),
        }),
      ),
      app_owner: { id: tenant.app.ownerHandle },
    });
  },
});

const SET_BY_SERVER: Unsupported = {
  app: "the path names the app.",
  created_at: "set by the server.",
  modified_at: "set by the server.",
  deleted_at: "set by the server.",
};

/** Exactly one collaborator (the console's descriptors change one at a time). */
function one<Item extends z.ZodType>(item: Item) {
  return z.array(item, { error: says("must be a list.") }).length(1, { error: says("must name exactly one collaborator: send one request for each.") });
}

const grantFields = { scopes: operationScopesField, endpoints: endpointScopesField };

const address = z.string({ error: says("must be a string.") }).pipe(emailSchema);

/**
 * Clarifai's User as a request names someone: by user ID, by primary address (Clarifai's clients
 * send both; then they must be one account), or by `email`, this server's earlier spelling.
 */
const namedUser = apiObject({ id: recordId.optional(), primary_email: address.optional(), email: address.optional() });
const namesPerson = (user: z.infer<typeof namedUser> | undefined) => user !== undefined && (user.id !== undefined || user.primary_email !== undefined || user.email !== undefined);

function named(user: z.infer<typeof namedUser> | undefined, id?: string): { email?: string; user?: string } {
  return { email: user?.primary_email ?? user?.email, user: id ?? user?.id };
}

const newCollaborator = apiObject({ user: namedUser, ...grantFields }, { ...SET_BY_SERVER, id: "a collaborator's ID is their user ID: name them in user.id." }).refine((item) => namesPerson(item.user), {
  error: says("must name the person in user.id (their user ID) or user.primary_email (the address of their account)."),
});

/** PostCollaborators: the console's Add collaborator (an account whose address is not verified is sent an invitation). */
export const postCollaborators = servedAs(addCollaborator, apiInput({ collaborators: one(newCollaborator) }), ({ collaborators: [added] }) => ({
  ...named(added!.user),
  scopes: added!.scopes,
  endpointScopes: added!.endpoints,
}));

const changedCollaborator = apiObject({ id: recordId.optional(), user: namedUser.optional(), ...grantFields }, SET_BY_SERVER).refine(
  (item) => (item.id !== undefined || namesPerson(item.user)) && (item.id === undefined || item.user?.id === undefined || item.id === item.user.id),
  { error: says("must name the collaborator by id, user.id or user.primary_email (the same person if several).") },
);

/** PatchCollaborators: the console's change of a collaborator's scopes and endpoints (replaced: `overwrite`). */
export const patchCollaborators = servedAs(
  changeCollaborator,
  apiInput({ collaborators: one(changedCollaborator), action: z.literal("overwrite", { error: says('must be "overwrite": the scopes and endpoints sent replace the collaborator\'s.') }) }),
  ({ collaborators: [changed] }) => ({ ...named(changed!.user, changed!.id), scopes: changed!.scopes, endpointScopes: changed!.endpoints }),
);

const oneItem = <Item extends z.ZodType>(item: Item) => z.array(item, { error: says("must be a list.") }).max(1, { error: says("must name exactly one collaborator: send one request for each.") });

/** DeleteCollaborators: the console's removal (naming oneself: leaving the app), by user ID or by address. */
export const deleteCollaborators = servedAs(
  removeCollaborator,
  apiInput({ collaborator_ids: oneItem(recordId).optional(), user_emails: oneItem(address).optional() }).refine(
    (input) => (input.collaborator_ids?.length ?? 0) + (input.user_emails?.length ?? 0) === 1,
    { error: "collaborator_ids or user_emails must name exactly one collaborator: send one request for each.", path: ["collaborator_ids"] },
  ),
  ({ collaborator_ids, user_emails }) => ({ user: collaborator_ids?.[0], email: user_emails?.[0] }),
);
