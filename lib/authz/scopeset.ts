// Sets of operation scopes as a bitmask over the catalog: bit i is OPERATION_SCOPES[i]. The catalog
// has more scopes than a 32-bit word holds, so a set is one number made of two words: the low word
// (bits 0–31) as a signed 32-bit integer, plus the high word (bits 32 on) times 2^32. That number is
// an exact integer, unique per set, so sets stay immutable values compared with `===`, every set
// operation is a few integer instructions, and any 32-bit integer is the set of its low bits.
//
// Bitwise operators see only the low word: every other module goes through the functions here (the
// type is branded so that only this module makes sets). The load-time check below fails loudly
// before the catalog could outgrow the exact integers of a double.

import { ORGANIZATION_SCOPES, OPERATION_SCOPES, type OperationScope } from "./catalog";

declare const scopeSetBrand: unique symbol;

/** An immutable set of operation scopes. Compare with `===`; build with scopeSet / parseScopes. */
export type ScopeSet = number & { readonly [scopeSetBrand]: true };

const SCOPE_COUNT: number = OPERATION_SCOPES.length;
/** 2^32: the weight of the high word. */
const WORD = 4294967296;
/** Doubles hold integers exactly up to 2^53: 32 bits in the low word, 21 in the high one. */
const MAX_SCOPES = 53;
if (SCOPE_COUNT > MAX_SCOPES) {
  throw new Error(`lib/authz: ${SCOPE_COUNT} operation scopes do not fit a ScopeSet (at most ${MAX_SCOPES}); widen scopeset.ts`);
}
/** The bits of the high word that stand for a scope. */
const HIGH_MASK = SCOPE_COUNT > 32 ? 2 ** (SCOPE_COUNT - 32) - 1 : 0;

/** The high word of a set (its low word is `set | 0`). Exact: `set - (set | 0)` is a multiple of 2^32. */
function high(set: number): number {
  return (set - (set | 0)) / WORD;
}

function join(low: number, highWord: number): ScopeSet {
  return ((low | 0) + highWord * WORD) as ScopeSet;
}

function bitOf(index: number): ScopeSet {
  return index < 32 ? join(1 << index, 0) : join(0, 2 ** (index - 32));
}

const BIT_BY_NAME: ReadonlyMap<string, ScopeSet> = new Map(OPERATION_SCOPES.map((scope, index) => [scope, bitOf(index)]));

export const NO_SCOPES = 0 as ScopeSet;
/** Every operation scope in the catalog (a session, and the owner, Admin and Organization Contributor layers). */
export const ALL_SCOPES: ScopeSet = join(SCOPE_COUNT >= 32 ? -1 : 2 ** SCOPE_COUNT - 1, HIGH_MASK);

export function unionScopes(...sets: readonly ScopeSet[]): ScopeSet {
  let low = 0;
  let highWord = 0;
  for (const set of sets) {
    low |= set;
    highWord |= high(set);
  }
  return join(low, highWord);
}

export function intersectScopes(a: ScopeSet, b: ScopeSet): ScopeSet {
  return join(a & b, high(a) & high(b));
}

/** The scopes of `a` that are not in `b`. */
export function subtractScopes(a: ScopeSet, b: ScopeSet): ScopeSet {
  return join(a & ~b, high(a) & ~high(b));
}

/** Whether every scope of `subset` is in `superset`. */
export function isSubsetOf(subset: ScopeSet, superset: ScopeSet): boolean {
  return (subset & ~superset) === 0 && (high(subset) & ~high(superset)) === 0;
}

/** Whether the two sets share a scope. */
export function overlaps(a: ScopeSet, b: ScopeSet): boolean {
  return (a & b) !== 0 || (high(a) & high(b)) !== 0;
}

/** The set of the given scopes. Throws on a name outside the catalog: use parseScopes for untrusted input. */
export function scopeSet(...scopes: readonly OperationScope[]): ScopeSet {
  let set = NO_SCOPES;
  for (const scope of scopes) {
    const bit = BIT_BY_NAME.get(scope);
    if (bit === undefined) throw new TypeError(`Unknown operation scope "${String(scope)}"`);
    set = unionScopes(set, bit);
  }
  return set;
}

/** The organization-level scopes (compute): a credential may carry them; no grant on an app does. */
export const ORGANIZATION_SCOPE_SET: ScopeSet = scopeSet(...ORGANIZATION_SCOPES);

/** Every scope a grant on an app can carry: the owner's, and the "all" of Admins and Organization Contributors. */
export const APP_SCOPES: ScopeSet = subtractScopes(ALL_SCOPES, ORGANIZATION_SCOPE_SET);

export type ParsedScopes = { readonly scopes: ScopeSet; readonly unknown: readonly string[] };

/**
 * Reads scope names from untrusted input (a form, an API body, a database row). Names outside the
 * catalog never become part of the set; they are reported in `unknown` so the caller can refuse them.
 */
export function parseScopes(names: Iterable<string>): ParsedScopes {
  let scopes = NO_SCOPES;
  const unknown: string[] = [];
  for (const name of names) {
    const bit = BIT_BY_NAME.get(name);
    if (bit === undefined) unknown.push(name);
    else scopes = unionScopes(scopes, bit);
  }
  return { scopes, unknown };
}

export function hasScope(set: ScopeSet, scope: OperationScope): boolean {
  const bit = BIT_BY_NAME.get(scope);
  return bit !== undefined && overlaps(set, bit);
}

/** The scopes of a set, in catalog order. */
export function scopeNames(set: ScopeSet): OperationScope[] {
  return OPERATION_SCOPES.filter((scope) => hasScope(set, scope));
}

export function isScopeSet(value: unknown): value is ScopeSet {
  return typeof value === "number" && Number.isSafeInteger(value) && isSubsetOf(value as ScopeSet, ALL_SCOPES);
}

/** "Predict", "Search and Predict", "Inputs:Get, Search and Predict": scopes for a sentence. */
export function scopeListText(set: ScopeSet): string {
  const names = scopeNames(set);
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
