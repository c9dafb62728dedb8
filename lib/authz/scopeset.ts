// Sets of operation scopes as a bitmask over the catalog: bit i is OPERATION_SCOPES[i]. The catalog
// has exactly 32 scopes, so a set is one signed 32-bit integer and every set operation is a single
// bitwise instruction (V8 keeps such numbers unboxed). The type is branded so that only this module
// makes sets; callers go through scopeSet / parseScopes and read them back with scopeNames.
//
// Growing the catalog past 32 scopes must change this file (e.g. to two 32-bit words); the load-time
// check below fails loudly before a 33rd scope could silently alias bit 0.

import { OPERATION_SCOPES, type OperationScope } from "./catalog";

declare const scopeSetBrand: unique symbol;

/** An immutable set of operation scopes. Compare with `===`; build with scopeSet / parseScopes. */
export type ScopeSet = number & { readonly [scopeSetBrand]: true };

const SCOPE_COUNT: number = OPERATION_SCOPES.length;
if (SCOPE_COUNT > 32) {
  throw new Error(`lib/authz: ${SCOPE_COUNT} operation scopes do not fit the 32-bit ScopeSet; widen scopeset.ts`);
}

const BIT_BY_NAME: ReadonlyMap<string, number> = new Map(OPERATION_SCOPES.map((scope, index) => [scope, 1 << index]));

export const NO_SCOPES = 0 as ScopeSet;
/** Every operation scope in the catalog ("Select All Scopes" in ADVANCED SCOPES, Full Access, a session). */
export const ALL_SCOPES = ((2 ** SCOPE_COUNT - 1) | 0) as ScopeSet;

/** The set of the given scopes. Throws on a name outside the catalog: use parseScopes for untrusted input. */
export function scopeSet(...scopes: readonly OperationScope[]): ScopeSet {
  let bits = 0;
  for (const scope of scopes) {
    const bit = BIT_BY_NAME.get(scope);
    if (bit === undefined) throw new TypeError(`Unknown operation scope "${String(scope)}"`);
    bits |= bit;
  }
  return bits as ScopeSet;
}

export type ParsedScopes = { readonly scopes: ScopeSet; readonly unknown: readonly string[] };

/**
 * Reads scope names from untrusted input (a form, an API body, a database row). Names outside the
 * catalog never become part of the set; they are reported in `unknown` so the caller can refuse them.
 */
export function parseScopes(names: Iterable<string>): ParsedScopes {
  let bits = 0;
  const unknown: string[] = [];
  for (const name of names) {
    const bit = BIT_BY_NAME.get(name);
    if (bit === undefined) unknown.push(name);
    else bits |= bit;
  }
  return { scopes: bits as ScopeSet, unknown };
}

/** The scopes of a set, in catalog order. */
export function scopeNames(set: ScopeSet): OperationScope[] {
  const names: OperationScope[] = [];
  for (let index = 0; index < SCOPE_COUNT; index++) {
    if ((set & (1 << index)) !== 0) names.push(OPERATION_SCOPES[index] as OperationScope);
  }
  return names;
}

export function hasScope(set: ScopeSet, scope: OperationScope): boolean {
  const bit = BIT_BY_NAME.get(scope);
  return bit !== undefined && (set & bit) !== 0;
}

export function unionScopes(...sets: readonly ScopeSet[]): ScopeSet {
  let bits = 0;
  for (const set of sets) bits |= set;
  return bits as ScopeSet;
}

export function intersectScopes(a: ScopeSet, b: ScopeSet): ScopeSet {
  return (a & b) as ScopeSet;
}

/** The scopes of `a` that are not in `b`. */
export function subtractScopes(a: ScopeSet, b: ScopeSet): ScopeSet {
  return (a & ~b) as ScopeSet;
}

/** Whether every scope of `subset` is in `superset`. */
export function isSubsetOf(subset: ScopeSet, superset: ScopeSet): boolean {
  return (subset & ~superset) === 0;
}

export function isScopeSet(value: unknown): value is ScopeSet {
  return typeof value === "number" && (value | 0) === value && (value & ~ALL_SCOPES) === 0;
}

/** "Predict", "Search and Predict", "Inputs:Get, Search and Predict": scopes for a sentence. */
export function scopeListText(set: ScopeSet): string {
  const names = scopeNames(set);
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
