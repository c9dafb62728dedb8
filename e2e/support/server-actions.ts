import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";

// Calls a server action over HTTP the way a hand-crafted request would — not through the UI —
// so tests can check that the action authorizes itself. The action id comes from the build's
// server-reference manifest; the request is sent from the page, with its cookies and origin.

type ManifestEntry = { filename: string; exportedName: string; workers: Record<string, unknown> };

export function actionId(file: string, exportedName: string): string {
  const manifestPath = path.join(process.cwd(), ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { node: Record<string, ManifestEntry> };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === exportedName);
  if (!found) throw new Error(`server action ${file}#${exportedName} is not in the build (is it used by a page?)`);
  return found[0];
}

/**
 * Posts to the server action `exportedName` of `file` (e.g. "lib/actions/members.ts") from
 * `page`'s current URL, which must be a page that uses the action. Returns the raw response
 * body (React Server Components payload) for assertions such as `toContain('"code":"forbidden"')`.
 */
export async function callServerAction(page: Page, file: string, exportedName: string, args: unknown[]): Promise<{ status: number; body: string }> {
  const id = actionId(file, exportedName);
  return page.evaluate(
    async ({ id, args }) => {
      const response = await fetch(window.location.pathname, {
        method: "POST",
        headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
        body: JSON.stringify(args),
      });
      return { status: response.status, body: await response.text() };
    },
    { id, args },
  );
}
