// The API benchmark's anchor: what MyScopes's work costs without the console around it. A plain
// node:http server that runs the statement MyScopes opens every call with (its text and parameters
// are given by the benchmark, rendered by the console's own query) through postgres.js on each
// request and answers its rows as JSON. Configured by ANCHOR (JSON: url, port, text, params);
// prints "ready" when it listens.
import { createServer } from "node:http";
import { createRequire } from "node:module";

const { url, port, text, params } = JSON.parse(process.env.ANCHOR ?? "{}");
const postgres = createRequire(import.meta.url)("postgres");
// The console's pool: ten connections, every statement prepared.
const sql = postgres(url, { max: 10, onnotice: () => {} });

createServer((request, response) => {
  sql
    .unsafe(text, params, { prepare: true })
    .then((rows) => {
      const body = JSON.stringify(rows);
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      response.end(body);
    })
    .catch((error) => {
      console.error(`[anchor] ${error instanceof Error ? error.message : String(error)}`);
      response.writeHead(500);
      response.end();
    });
}).listen(port, "127.0.0.1", () => console.log("ready"));
