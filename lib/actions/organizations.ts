"use server";

import { createOrganization } from "@/lib/operations/my-account";
import { action } from "./define";

export const createOrganizationAction = action(createOrganization);
