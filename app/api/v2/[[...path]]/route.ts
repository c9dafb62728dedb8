import { unstable_rethrow } from "next/navigation";
import { dispatch } from "@/lib/api/dispatch";
import { failedCallResponse } from "@/lib/api/envelope";

// Every /v2 request, whatever its path and method, is answered from the route table in the
// envelope — never Next's HTML or an empty 405. An unexpected exception is logged (without its
// statement) and answered 500 / 99009, or 503 / 98006 while the database is away; bad input is
// refused before it can get that far.

type Context = { params: Promise<{ path?: string[] }> };

async function handle(request: Request, { params }: Context): Promise<Response> {
  try {
    return await dispatch(request, (await params).path ?? []);
  } catch (error) {
    unstable_rethrow(error);
    return failedCallResponse(error, { method: request.method, path: new URL(request.url).pathname, operation: "dispatch" });
  }
}

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle;
