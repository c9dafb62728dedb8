"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Which kind of credential was just made: it decides the example call that works for any of its kind. */
export type CredentialKind = "pat" | "app_key";

// A call every live credential of the kind may make, whatever its scopes: what it may do right now.
const EXAMPLE_PATH: Record<CredentialKind, string> = { pat: "/users/me/myscopes", app_key: "/myscopes" };
// The same call through Clarifai's own Python client (clarifai-grpc's HTTPS+JSON channel, which
// fills in `me` for the user and, with no app named, takes the short path an app key uses).
const CLIENT_CALL: Record<CredentialKind, string> = {
  pat: "stub.MyScopesUser(service_pb2.MyScopesUserRequest(), metadata=metadata)",
  app_key: "stub.MyScopes(service_pb2.MyScopesRequest(), metadata=metadata)",
};

/** Clarifai's Python client pointed at this console: its channel takes the origin and adds /v2 itself. */
function clarifaiClientSnippet(origin: string, secret: string, kind: CredentialKind): string {
  return [
    "# pip install clarifai-grpc",
    "from clarifai_grpc.channel.clarifai_channel import ClarifaiChannel",
    "from clarifai_grpc.grpc.api import service_pb2, service_pb2_grpc",
    "",
    `channel = ClarifaiChannel.get_json_channel(base_url="${origin}")`,
    "stub = service_pb2_grpc.V2Stub(channel)",
    `metadata = (("authorization", "Key ${secret}"),)`,
    "",
    `response = ${CLIENT_CALL[kind]}`,
    "print(response.status.description, list(response.scopes))",
  ].join("\n");
}

/** How to call the API with a secret just shown: base URL, header, cURL and Python, and the reference. */
export function KeyUsage({ secret, kind }: { secret: string; kind: CredentialKind }) {
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const base = `${origin}/v2`;
  const header = `Authorization: Key ${secret}`;
  const url = `${base}${EXAMPLE_PATH[kind]}`;
  const curl = `curl "${url}" \\\n  -H "${header}"`;
  const python = `import requests\n\nresponse = requests.get(\n    "${url}",\n    headers={"Authorization": "Key ${secret}"},\n)\nprint(response.json())`;
  return (
    <section aria-labelledby="key-usage" className="space-y-3">
      <h3 id="key-usage" className="text-sm font-semibold text-slate-900">
        Use it
      </h3>
      <CopyLine label="Base URL" value={base} />
      <CopyLine label="Header" value={header} />
      <Snippet label="cURL" value={curl} />
      <Snippet label="Python" value={python} />
      <Snippet label="Python (Clarifai client)" value={clarifaiClientSnippet(origin, secret, kind)} />
      <p className="text-sm text-slate-600">
        Clarifai&apos;s clients work with their base URL changed to this console (the Python client takes it without <code>/v2</code>).{" "}
        {/* A new tab: leaving this dialog would lose the secret, which is shown only once. */}
        <Link href="/settings/api" target="_blank" rel="noopener" className="font-medium text-brand-600 hover:underline">
          API reference<span className="sr-only"> (opens in a new tab)</span>
        </Link>{" "}
        lists every method, its path and the scopes it needs.
      </p>
    </section>
  );
}

function CopyButton({ value, what }: { value: string; what: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="secondary"
      aria-label={`Copy ${what}`}
      onClick={async () => {
        await navigator.clipboard.writeText(value);
        setCopied(true);
      }}
    >
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}

function CopyLine({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex items-center gap-2">
      <span className="w-20 shrink-0 text-xs font-medium text-slate-600">{label}</span>
      <code aria-label={label} className="block min-w-0 flex-1 overflow-x-auto rounded-md bg-slate-100 px-3 py-2 font-mono text-xs whitespace-nowrap">
        {value}
      </code>
      <CopyButton value={value} what={label.toLowerCase()} />
    </div>
  );
}

function Snippet({ label, value }: { label: string; value: string }) {
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs font-medium text-slate-600">{label}</span>
        <CopyButton value={value} what={`${label} example`} />
      </div>
      <pre aria-label={`${label} example`} className="overflow-x-auto rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">
        {value}
      </pre>
    </div>
  );
}
