// A console descriptor served by a /v2 method whose request has Clarifai's shape. It stays the
// same descriptor — its name, rule, run, conflicts and revalidation — reading the API's request
// strictly first (a misspelt or unsupported field is refused by name, as every /v2 request is:
// ./api-input.ts), then mapping it onto the descriptor's own input, which validates it as the
// console does.

import type { z } from "zod";
import type { AppOperation, OrgOperation } from "./operation";

export function servedAs<Request, Input, Output>(operation: AppOperation<Input, Output>, request: z.ZodType<Request>, toInput: (request: Request) => unknown): AppOperation<Input, Output>;
export function servedAs<Request, Input, Output>(operation: OrgOperation<Input, Output>, request: z.ZodType<Request>, toInput: (request: Request) => unknown): OrgOperation<Input, Output>;
export function servedAs<Request, Input, Output>(
  operation: AppOperation<Input, Output> | OrgOperation<Input, Output>,
  request: z.ZodType<Request>,
  toInput: (request: Request) => unknown,
): AppOperation<Input, Output> | OrgOperation<Input, Output> {
  return { ...operation, input: request.transform(toInput).pipe(operation.input) };
}
