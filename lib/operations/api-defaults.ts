// Clarifai's clients serialise a request message whole: every field they do not use goes out at its
// proto default (zero, "", false, the enum's zero value, an empty list) or, where the server sets it,
// with whatever they read earlier (created_at…). In proto3 a field at its default is the same as a
// field left out, so before a request is validated those fields are dropped, by the message's own
// field list (./api-messages.ts): the descriptor then sees only the fields that say something, and
// refuses by name those it cannot honour. Fields whose default is not zero (a concept's `value`,
// 1 unless said) are never dropped: 0 there means something.

import { ENUM_VALUES, MESSAGE_FIELDS, REQUEST_MESSAGES } from "./api-messages";

/** Timestamps the server sets itself: a client echoing one back changes nothing. */
const SET_BY_SERVER = new Set(["created_at", "modified_at", "deleted_at"]);

/** The request message an API method takes (e.g. `PostConceptsRequest` for `PostConcepts`). */
export function requestMessage(method: string): string | undefined {
  return Object.hasOwn(REQUEST_MESSAGES, method) ? REQUEST_MESSAGES[method] : undefined;
}

/** Whether `field` is a field of Clarifai's `message`, so that a refusal can say "not supported" rather than "not a field". */
export function isMessageField(message: string, field: string): boolean {
  return Object.hasOwn(MESSAGE_FIELDS[message] ?? {}, field);
}

/** Every field name of every message, for the refusal wording where the message is not known. */
const ANY_FIELD = new Set(Object.values(MESSAGE_FIELDS).flatMap((fields) => Object.keys(fields)));

export function isClarifaiField(field: string): boolean {
  return ANY_FIELD.has(field);
}

type Parsed = { base: string; repeated: boolean; defaultOne: boolean };

function parseType(type: string): Parsed {
  const defaultOne = type.endsWith("=1");
  const bare = defaultOne ? type.slice(0, -2) : type;
  const repeated = bare.endsWith("[]");
  return { base: repeated ? bare.slice(0, -2) : bare, repeated, defaultOne };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether one (not repeated) value of type `base` is its proto default. */
function isScalarDefault(base: string, value: unknown): boolean {
  if (value === null) return true;
  if (base.startsWith("enum:")) {
    const zero = ENUM_VALUES[base.slice(5)]?.[0];
    return value === 0 || value === zero;
  }
  switch (base) {
    case "string":
    case "bytes":
      return value === "";
    case "int":
    case "float":
      return value === 0;
    case "int64":
      return value === 0 || value === "0";
    case "bool":
      return value === false;
    case "struct":
    case "opaque":
    case "empty":
    case "fieldmask":
      return isPlainObject(value) && Object.keys(value).length === 0;
    case "timestamp":
    case "duration":
    case "wrapper":
      return value === "";
    default:
      return false;
  }
}

/**
 * The message's JSON with every field at its default removed, at every depth the field lists
 * reach; fields the message does not have are kept (the descriptor refuses them by name), and so
 * are values of the wrong type (it refuses those too). A nested message left empty is removed.
 */
export function withoutDefaults(message: string, value: Record<string, unknown>): Record<string, unknown> {
  const fields = MESSAGE_FIELDS[message];
  if (!fields) return value;
  const kept: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value)) {
    const type = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (type === undefined) {
      kept[name] = inner;
      continue;
    }
    const { base, repeated, defaultOne } = parseType(type);
    if (defaultOne) {
      kept[name] = inner;
      continue;
    }
    if (SET_BY_SERVER.has(name) && base === "timestamp") continue;
    if (repeated) {
      if (inner === null || (Array.isArray(inner) && inner.length === 0)) continue;
      kept[name] = Array.isArray(inner) && base.startsWith("message:") ? inner.map((item) => (isPlainObject(item) ? withoutDefaults(base.slice(8), item) : item)) : inner;
      continue;
    }
    if (base.startsWith("message:")) {
      if (inner === null) continue;
      if (!isPlainObject(inner)) {
        kept[name] = inner;
        continue;
      }
      // A message that is there is kept, even empty: unlike a scalar, a set message differs from an unset one.
      kept[name] = withoutDefaults(base.slice(8), inner);
      continue;
    }
    if (base === "map") {
      if (inner === null || (isPlainObject(inner) && Object.keys(inner).length === 0)) continue;
      kept[name] = inner;
      continue;
    }
    if (!isScalarDefault(base, inner)) kept[name] = inner;
  }
  return kept;
}

/** Whether a query-string value is the default of the field it sets (`page=0`, `trained_only=false`). */
function isQueryDefault(type: string, value: string): boolean {
  const { base, repeated, defaultOne } = parseType(type);
  if (defaultOne) return false;
  if (base.startsWith("enum:")) return value === "" || value === "0" || value === ENUM_VALUES[base.slice(5)]?.[0];
  if (repeated) return value === "";
  switch (base) {
    case "int":
    case "int64":
    case "float":
      return value.trim() !== "" && Number(value) === 0;
    case "bool":
      return value === "false" || value === "";
    case "string":
    case "bytes":
    case "timestamp":
      return value === "";
    default:
      return false;
  }
}

/** The type of a query parameter (`pagination.page`, `page`), walking nested messages; undefined if the message has no such field. */
function queryFieldType(message: string, key: string): string | undefined {
  const [first, ...rest] = key.split(".");
  const fields = MESSAGE_FIELDS[message] ?? {};
  const type = Object.hasOwn(fields, first!) ? fields[first!] : undefined;
  if (type === undefined || rest.length === 0) return type;
  const { base } = parseType(type);
  return base.startsWith("message:") ? queryFieldType(base.slice(8), rest.join(".")) : undefined;
}

/** The query string without the parameters that hold their field's default. */
export function queryWithoutDefaults(message: string, query: URLSearchParams): URLSearchParams {
  const kept = new URLSearchParams();
  for (const [key, value] of query) {
    const type = queryFieldType(message, key);
    if (type !== undefined && isQueryDefault(type, value)) continue;
    kept.append(key, value);
  }
  return kept;
}
