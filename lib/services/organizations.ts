import { z } from "zod";
import { displayNameSchema, handleSchema } from "@/lib/validation/common";

export const createOrganizationInput = z.object({
  handle: handleSchema,
  name: displayNameSchema,
});
