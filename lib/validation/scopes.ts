import { z } from "zod";
import { isOrganizationScope, parseEndpoints, parseScopes, scopeNames, type OperationScope } from "@/lib/authz";

// Scope lists in forms and actions: a form posts one repeated field as a string and several as
// an array. Unknown names are reported, never silently dropped.

const asList = (value: unknown) => (value === undefined || value === null || value === "" ? [] : typeof value === "string" ? [value] : value);

/** Operation scope names → the catalog's names in catalog order; at least one. */
export const operationScopesField = z.preprocess(
  asList,
  z
    .array(z.string().max(64))
    .max(100)
    .superRefine((names, ctx) => {
      const { unknown } = parseScopes(names);
      if (unknown.length > 0) ctx.addIssue({ code: "custom", message: `Unknown scopes: ${unknown.slice(0, 5).join(", ")}.` });
      else if (names.length === 0) ctx.addIssue({ code: "custom", message: "Choose at least one scope." });
    })
    .transform((names): OperationScope[] => scopeNames(parseScopes(names).scopes)),
);

/**
 * Operation scopes of a grant on an app (a permission group): those of an organization's compute
 * are no part of any app, so naming one is refused rather than stored to count for nothing.
 */
export const appScopesField = operationScopesField.superRefine((scopes, ctx) => {
  const organization = scopes.filter(isOrganizationScope);
  if (organization.length > 0) ctx.addIssue({ code: "custom", message: `${organization.join(", ")} act on an organization's compute, not on its apps: give them to a personal access token.` });
});

/** "all" or a non-empty list of known endpoint names (canonical form). */
export const endpointScopesField = z
  .preprocess((value) => (value === undefined || value === "all" ? "all" : asList(value)), z.union([z.literal("all"), z.array(z.string().max(100)).max(200)]))
  .superRefine((value, ctx) => {
    if (value === "all") return;
    const { unknown } = parseEndpoints(value);
    if (unknown.length > 0) ctx.addIssue({ code: "custom", message: `Unknown endpoints: ${unknown.slice(0, 5).join(", ")}.` });
    else if (value.length === 0) ctx.addIssue({ code: "custom", message: "Choose at least one endpoint, or all endpoints." });
  })
  .transform((value): "all" | string[] => (value === "all" ? "all" : [...parseEndpoints(value).endpoints]));
