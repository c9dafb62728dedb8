// What the dispatcher reads of a request: a web Request (the route handler under `next dev`, tests)
// has all of it, and the production server's data plane builds one straight from Node's request
// (lib/server/api-handler.ts), without a web Request's streams and signals.

/** Reads a header by name, in any letter case; null when absent. */
export type HeaderReader = { get(name: string): string | null };

export type ApiRequest = {
  readonly method: string;
  /** Absolute; only its path and query are read. */
  readonly url: string;
  readonly headers: HeaderReader;
  /** The body's bytes as they arrive; null for none. */
  readonly body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null;
};
