// Writes lib/operations/api-proto-fields.json: for every API method in the message table
// (lib/operations/api-messages.ts) the request message Clarifai's service definition gives its rpc,
// and for every message the table lists, its fields as Clarifai's protobuf definitions declare them
// (field name → proto type: `string`, `repeated Concept`, `map<string, string>`,
// `google.protobuf.Timestamp` …). lib/operations/api-proto-fields.test.ts checks the table against
// it, so that the table holds exactly the proto's fields of every message a served method reads.
//
// Usage: npx tsx lib/operations/api-proto-fields.generate.ts <folder holding service.proto and resources.proto>
// (proto/clarifai/api of Clarifai's public gRPC client repositories, e.g. clarifai-nodejs-grpc).
// Rerun it when a method is added to the message table, and when moving to a newer proto release.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MESSAGE_FIELDS, REQUEST_MESSAGES } from "./api-messages";

const folder = process.argv[2];
const release = process.argv[3];
if (!folder || !release) {
  console.error("usage: npx tsx lib/operations/api-proto-fields.generate.ts <proto/clarifai/api folder> <release, e.g. clarifai-nodejs-grpc 12.4.5>");
  process.exit(2);
}

/** The proto source without comments and string literals (options hold strings with braces and semicolons). */
function stripped(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/\/\/[^\n]*/g, " ")
    .replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

type Fields = Record<string, string>;
const messages = new Map<string, Fields>();
const rpcs = new Map<string, string>();

/** The index of the brace closing the one at `open`. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index += 1) {
    if (text[index] === "{") depth += 1;
    else if (text[index] === "}") {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  throw new Error("unbalanced braces");
}

const FIELD = /^(?:(repeated|optional)\s+)?(map\s*<\s*[\w.]+\s*,\s*[\w.]+\s*>|[\w.]+)\s+(\w+)\s*=\s*\d+\s*(?:\[[\s\S]*\])?$/;

/** Reads the body of a message (and, under their qualified names, the messages it nests). */
function readMessage(name: string, body: string): void {
  const fields: Fields = {};
  let rest = body;
  for (;;) {
    const block = /\b(message|enum|oneof|extend)\s+(\w+)\s*\{/.exec(rest);
    const semicolon = rest.indexOf(";");
    if (block && (semicolon === -1 || block.index < semicolon)) {
      const open = block.index + block[0].length - 1;
      const end = closing(rest, open);
      const inner = rest.slice(open + 1, end);
      if (block[1] === "message") readMessage(`${name}.${block[2]}`, inner);
      if (block[1] === "oneof") for (const statement of inner.split(";")) addField(fields, statement);
      rest = rest.slice(end + 1);
      continue;
    }
    if (semicolon === -1) break;
    addField(fields, rest.slice(0, semicolon));
    rest = rest.slice(semicolon + 1);
  }
  messages.set(name, fields);
}

function addField(fields: Fields, statement: string): void {
  const text = statement.trim().replace(/\s+/g, " ");
  if (text === "" || /^(option|reserved|extensions)\b/.test(text)) return;
  const match = FIELD.exec(text);
  if (!match) throw new Error(`not a field: ${text}`);
  const [, label, type, field] = match;
  fields[field!] = `${label === "repeated" ? "repeated " : ""}${type!.replace(/\s+/g, "").replace(",", ", ").replace(/\bclarifai\.api\./g, "")}`;
}

function readFile(path: string): void {
  let text = stripped(readFileSync(path, "utf8"));
  for (;;) {
    const block = /\b(message|enum|service|extend)\s+([\w.]+)\s*\{/.exec(text);
    if (!block) break;
    const open = block.index + block[0].length - 1;
    const end = closing(text, open);
    const inner = text.slice(open + 1, end);
    if (block[1] === "message") readMessage(block[2]!, inner);
    if (block[1] === "service") {
      for (const rpc of inner.matchAll(/\brpc\s+(\w+)\s*\(\s*([\w.]+)\s*\)/g)) rpcs.set(rpc[1]!, rpc[2]!.replace(/^clarifai\.api\./, ""));
    }
    text = text.slice(end + 1);
  }
}

readFile(join(folder, "resources.proto"));
readFile(join(folder, "service.proto"));

const methods: Record<string, string | null> = {};
for (const method of Object.keys(REQUEST_MESSAGES).sort()) methods[method] = rpcs.get(method) ?? null;
const fields: Record<string, Fields | null> = {};
for (const message of Object.keys(MESSAGE_FIELDS).sort()) {
  const found = messages.get(message);
  fields[message] = found ? Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b))) : null;
}

const out = join(import.meta.dirname, "api-proto-fields.json");
writeFileSync(out, `${JSON.stringify({ source: `${release}: proto/clarifai/api/service.proto and resources.proto`, methods, messages: fields }, null, 2)}\n`);
console.log(`${Object.keys(methods).length} methods, ${Object.keys(fields).length} messages written to ${out}`);
