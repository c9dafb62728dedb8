// Operations on the actor's own account: creating an organization (they become its first Admin),
// their notifications, and the invitations addressed to their verified email.

import { z } from "zod";
import { findUser, handleTaken } from "@/db/queries/accounts";
import { markNotificationsRead as markRead } from "@/db/queries/notifications";
import { insertEnvironments } from "@/db/queries/compute";
import { insertOrganization } from "@/db/queries/organizations";
import { ADMIN_ROLE } from "@/lib/authz";
import { newId } from "@/lib/ids";
import { fail, ok } from "@/lib/result";
import { listMyInvitations as invitationsFor } from "@/lib/services/invitations";
import { listNotifications as notificationsOf } from "@/lib/services/notifications";
import { DEFAULT_ENVIRONMENTS } from "@/lib/services/compute";
import { ensurePlan } from "@/lib/services/costs";
import { createOrganizationInput } from "@/lib/services/organizations";
import { handleKey } from "@/lib/validation/common";
import { defineAccountOperation } from "./operation";

const TAKEN = "This ID is already taken by a user or an organization.";
const takenFailure = fail("conflict", "Please correct the highlighted fields.", { handle: [TAKEN] });

/** Creates an organization with its creator as the first Admin, and its first environments. */
export const createOrganization = defineAccountOperation({
  name: "organizations.create",
  input: createOrganizationInput,
  conflicts: { handles_pkey: takenFailure },
  async run({ tx, principal, audit }, { handle, name }) {
    const key = handleKey(handle);
    if (await handleTaken(tx, { handleKey: key })) return takenFailure;
    const orgId = newId("org");
    await insertOrganization(tx, { id: orgId, handle, handleKey: key, name, adminUserId: principal.userId, role: ADMIN_ROLE });
    await insertEnvironments(tx, { orgId, names: DEFAULT_ENVIRONMENTS });
    await ensurePlan(tx, orgId);
    audit({ orgId, action: "organization.created", targetType: "organization", targetId: orgId, after: { handle, name, admin: principal.userId } });
    return ok({ id: orgId, handle, name, role: ADMIN_ROLE });
  },
});

export const listNotifications = defineAccountOperation({
  name: "notifications.list",
  input: z.object({}),
  readOnly: true,
  run: async ({ tx, principal }) => ok(await notificationsOf(tx, principal.userId)),
});

/** Marks the actor's own notifications read; ids of other people's notifications match nothing. */
export const markNotificationsRead = defineAccountOperation({
  name: "notifications.mark_read",
  input: z.object({ ids: z.union([z.literal("all"), z.array(z.string().max(64)).max(100)]) }),
  // The bell refreshes itself; nothing else shows read state.
  revalidate: () => [],
  async run({ tx, principal }, { ids }) {
    await markRead(tx, { userId: principal.userId, ids, now: new Date() });
    return ok(null);
  },
});

/** Pending invitations to the actor's address; none until that address is verified. */
export const listMyInvitations = defineAccountOperation({
  name: "invitations.list_mine",
  input: z.object({}),
  readOnly: true,
  async run({ tx, principal }) {
    const user = await findUser(tx, { userId: principal.userId });
    if (!user) return fail("unauthenticated", "Your session has ended. Sign in again to continue.");
    return ok(await invitationsFor(tx, { email: user.email, emailVerified: user.emailVerifiedAt !== null }));
  },
});
