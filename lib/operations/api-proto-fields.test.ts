// The message table (./api-messages.ts) against Clarifai's protobuf definitions, as
// lib/operations/api-proto-fields.generate.ts read them into ./api-proto-fields.json: each served method takes
// the request message its rpc declares, and each message of the table has exactly the proto's
// fields, each of a type that is the proto's. A method added to the route table fails
// ./api-defaults.test.ts until its message is in the table, and this file until the snapshot is
// generated again with it, so that no field of a new method's message can be left out.

import { describe, expect, it } from "vitest";
import { API_ROUTES } from "@/lib/api/routes";
import { routeEndpoint } from "@/lib/api/table";
import { MESSAGE_FIELDS, REQUEST_MESSAGES } from "./api-messages";
import proto from "./api-proto-fields.json";

const PROTO_METHODS: Record<string, string | null> = proto.methods;
const PROTO_MESSAGES: Record<string, Record<string, string> | null> = proto.messages;

const SCALARS: Record<string, string> = {
  string: "string",
  bytes: "bytes",
  bool: "bool",
  float: "float",
  double: "float",
  ...Object.fromEntries(["int32", "uint32", "sint32", "fixed32", "sfixed32"].map((type) => [type, "int"])),
  ...Object.fromEntries(["int64", "uint64", "sint64", "fixed64", "sfixed64"].map((type) => [type, "int64"])),
  "google.protobuf.Timestamp": "timestamp",
  "google.protobuf.Duration": "duration",
  "google.protobuf.Struct": "struct",
  "google.protobuf.Value": "value",
  "google.protobuf.FieldMask": "fieldmask",
  "google.protobuf.Empty": "empty",
  ...Object.fromEntries(["Bool", "String", "Int32", "Int64", "UInt32", "UInt64", "Float", "Double", "Bytes"].map((kind) => [`google.protobuf.${kind}Value`, "wrapper"])),
};

const lastName = (type: string) => type.split(".").pop()!;

/** Why the table's type of a field is not the proto's, or null when it is. */
function typeMismatch(tableType: string, protoType: string): string | null {
  const repeated = protoType.startsWith("repeated ");
  const bare = repeated ? protoType.slice(9) : protoType;
  const type = tableType.replace(/=1$/, "");
  if (type.endsWith("[]") !== repeated) return repeated ? "is repeated in the proto" : "is not repeated in the proto";
  const base = type.replace(/\[\]$/, "");
  if (bare.startsWith("map<")) return base === "map" ? null : "is a map in the proto";
  const scalar = SCALARS[bare];
  if (scalar !== undefined) return base === scalar ? null : `is ${bare} in the proto`;
  // A message or an enum of Clarifai's: named as such, or a message the table does not descend into.
  if (base.startsWith("message:") && lastName(base.slice(8)) === lastName(bare) && PROTO_MESSAGES[base.slice(8)] !== undefined) return null;
  if (base.startsWith("enum:") && lastName(base.slice(5)) === lastName(bare)) return null;
  if (base === "opaque") return null;
  return `is ${bare} in the proto`;
}

describe("the message table against Clarifai's protobuf definitions", () => {
  it("has the snapshot's request message for every served method, which is the one its rpc takes", () => {
    const served = [...new Set(API_ROUTES.map((route) => routeEndpoint(route).split("/").pop()!))].sort();
    expect(served.filter((method) => !Object.hasOwn(PROTO_METHODS, method))).toEqual([]);
    const wrong = Object.entries(REQUEST_MESSAGES)
      .filter(([method, message]) => PROTO_METHODS[method] !== message)
      .map(([method, message]) => `${method}: the table says ${message}, the proto ${PROTO_METHODS[method] ?? "(not in the snapshot)"}`);
    expect(wrong).toEqual([]);
  });

  it("lists exactly the proto's fields of every message, so that no field is forgotten and none invented", () => {
    const problems: string[] = [];
    for (const [message, fields] of Object.entries(MESSAGE_FIELDS)) {
      const declared = PROTO_MESSAGES[message];
      if (!declared) {
        problems.push(`${message}: not in the snapshot (run lib/operations/api-proto-fields.generate.ts)`);
        continue;
      }
      for (const field of Object.keys(declared)) if (!Object.hasOwn(fields, field)) problems.push(`${message}.${field}: missing from the table`);
      for (const field of Object.keys(fields)) if (!Object.hasOwn(declared, field)) problems.push(`${message}.${field}: not a field of the proto`);
    }
    expect(problems).toEqual([]);
  });

  it("gives every field the proto's type (a message it does not descend into as opaque)", () => {
    const problems = Object.entries(MESSAGE_FIELDS).flatMap(([message, fields]) =>
      Object.entries(fields).flatMap(([field, type]) => {
        const declared = PROTO_MESSAGES[message]?.[field];
        const wrong = declared === undefined ? null : typeMismatch(type, declared);
        return wrong ? [`${message}.${field} (${type}) ${wrong}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it("is checked against a snapshot that holds every message of the table and nothing else", () => {
    expect(Object.keys(PROTO_MESSAGES).sort()).toEqual(Object.keys(MESSAGE_FIELDS).sort());
    expect(Object.keys(PROTO_METHODS).sort()).toEqual(Object.keys(REQUEST_MESSAGES).sort());
  });

  it("can tell a wrong type from a right one", () => {
    expect(typeMismatch("string", "string")).toBeNull();
    expect(typeMismatch("string[]", "string")).toMatch(/not repeated/);
    expect(typeMismatch("int", "int64")).toMatch(/int64/);
    expect(typeMismatch("message:Concept[]", "repeated Concept")).toBeNull();
    expect(typeMismatch("message:Concept", "Image")).toMatch(/Image/);
    expect(typeMismatch("timestamp", "google.protobuf.Timestamp")).toBeNull();
  });
});
