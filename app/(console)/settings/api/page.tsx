import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/principal";
import { appUrl } from "@/lib/config";
import { referenceGroups } from "@/lib/api/reference";
import { API_ROUTES } from "@/lib/api/routes";

export const metadata: Metadata = { title: "API reference" };

const GROUPS = referenceGroups(API_ROUTES);

/** Every method the API answers, read from its route table: paths, the scopes it needs, what it does. */
export default async function ApiReferencePage() {
  await requireUser();
  const base = `${appUrl()}/v2`;
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <p className="text-sm text-slate-500">Account settings</p>
        <h1 className="text-2xl font-semibold">API reference</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Programs call the API with a personal access token (<Link href="/settings/security" className="font-medium text-brand-600 hover:underline">Security</Link>) or an
          app&apos;s API key (its settings, API keys) in the header <code className="rounded bg-slate-100 px-1 font-mono text-xs">Authorization: Key &lt;token or key&gt;</code>. Paths
          and answers follow Clarifai&apos;s v2 API, so its clients work with the base URL changed. A token or key may call a method only when it carries the scopes listed
          and you hold them on the app at the time of the call.
        </p>
        <dl className="grid max-w-3xl grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-medium text-slate-700">Base URL</dt>
          <dd>
            <code className="font-mono text-xs break-all">{base}</code>
          </dd>
          <dt className="font-medium text-slate-700">With a token</dt>
          <dd>
            <code className="font-mono text-xs break-all">/v2/users/&#123;user_id&#125;/apps/&#123;app_id&#125;/…</code> (<code className="font-mono text-xs">me</code> stands for you)
          </dd>
          <dt className="font-medium text-slate-700">With an app key</dt>
          <dd>the same paths, or the short ones below</dd>
        </dl>
      </div>
      <nav aria-label="Resources" className="flex flex-wrap gap-2 text-sm">
        {GROUPS.map(({ group }) => (
          <a key={group} href={`#${anchorOf(group)}`} className="rounded-md px-2 py-1 text-brand-700 ring-1 ring-slate-200 hover:bg-slate-50">
            {group}
          </a>
        ))}
      </nav>
      {GROUPS.map(({ group, entries }) => (
        <section key={group} aria-labelledby={anchorOf(group)} className="space-y-2">
          <h2 id={anchorOf(group)} className="text-lg font-semibold">
            {group}
          </h2>
          {/* Focusable, so that a table wider than a phone can be scrolled with the keyboard. */}
          <div tabIndex={0} role="region" aria-label={`Methods on ${group}, scrollable`} className="overflow-x-auto rounded-lg ring-1 ring-slate-200 focus-visible:outline-2 focus-visible:outline-brand-600">
            <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
              <caption className="sr-only">Methods on {group}</caption>
              <thead className="bg-slate-50 text-xs text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">Method</th>
                  <th scope="col" className="px-3 py-2 font-medium">Path</th>
                  <th scope="col" className="px-3 py-2 font-medium">Scopes needed</th>
                  <th scope="col" className="px-3 py-2 font-medium">What it does</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {entries.map((entry) => (
                  <tr key={`${entry.route.method} ${entry.path}`}>
                    <th scope="row" className="px-3 py-2 align-top font-medium">{entry.method}</th>
                    <td className="px-3 py-2 align-top font-mono text-xs">
                      <span className="whitespace-nowrap">{entry.route.method}</span> <span className="break-all">/v2/{entry.path}</span>
                      {entry.shortPaths.map((path) => (
                        <div key={path} className="text-slate-500">
                          app key: <span className="break-all">/v2/{path}</span>
                        </div>
                      ))}
                    </td>
                    <td className="px-3 py-2 align-top text-xs">
                      {entry.needs === null ? "Not served" : entry.needs.length ? entry.needs.join(", ") : "none"}
                      {entry.visualQueryNeeds.length ? <div className="text-slate-500">a visual query also {entry.visualQueryNeeds.join(", ")}</div> : null}
                    </td>
                    <td className="px-3 py-2 align-top text-slate-700">{entry.route.summary}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}

function anchorOf(group: string): string {
  return `api-${group.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`;
}
