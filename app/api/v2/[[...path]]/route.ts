import { unstable_rethrow } from "next/navigation";
import { dispatch } from "@/lib/api/dispatch";
import { apiResponse } from "@/lib/api/envelope";

// Every /v2 request, whatever its path and method, is answered from the route table in the
// envelope — never Next's HTML or an empty 405. An unexpected exception is logged and answered
// 500 / 99009; bad input is refused before it can get that far.

type Context = { params: Promise<{ path?: string[] }> };

async function handle(request: Request, { params }: Context): Promise<Response> {
  try {
    return await dispatch(request, (await params).path ?? []);
  } catch (error) {
    unstable_rethrow(error);
    console.error(`[api] ${request.method} ${new URL(request.url).pathname} failed`, error);
    return apiResponse("internal", {}, "The server failed while answering this request. Try again later.");
  }
}

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle;
