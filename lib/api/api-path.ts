/** Is this path (or request target, query included) one of the API's: `/v2…`, or the `/api/v2…` it is rewritten to? */
export function isApiPath(path: string): boolean {
  return /^\/(api\/)?v2([/?]|$)/.test(path);
}
