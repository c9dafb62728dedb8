import { unknownApiPath } from "@/lib/api/route";

// Any /v2 path no other route serves, with any method: 404 in the envelope, never the HTML page.
export const GET = unknownApiPath;
export const POST = unknownApiPath;
export const PUT = unknownApiPath;
export const PATCH = unknownApiPath;
export const DELETE = unknownApiPath;
export const OPTIONS = unknownApiPath;
