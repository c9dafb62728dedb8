// Sets of operation scopes as a fixed-width bit set over the catalog: bit i is OPERATION_SCOPES[i],
// in word i >> 5 (bit i & 31) of an Int32Array of SCOPE_WORDS words, as many as the catalog needs.
// A set is an immutable object holding its words; sets are interned (one object per content while it
// is in use), so they stay values compared with `===`, usable as Map keys, whatever the catalog's size.
//
// Set operations allocate only when they produce a set not in use yet; decisions never build sets:
// compiled grants and credentials keep the words of theirs (scopeWords), and the evaluator tests
// `needs & ~held` word by word. Every other module goes through the functions here (the type is
// opaque, so only this module makes sets).

import { ORGANIZATION_SCOPES, OPERATION_SCOPES, type OperationScope } from "./catalog";

declare const scopeSetBrand: unique symbol;

/** An immutable set of operation scopes. Compare with `===`; build with scopeSet / parseScopes. */
export interface ScopeSet {
  readonly [scopeSetBrand]: true;
  /** The words, most significant first, in hexadecimal: for debugging and test output only. */
  readonly bits: string;
}

// Bound once: the loops below read the catalog without going through another module's exports.
const CATALOG: readonly OperationScope[] = OPERATION_SCOPES;
const SCOPE_COUNT: number = CATALOG.length;
/** How many 32-bit words a set of the catalog's scopes takes. */
export const SCOPE_WORDS: number = Math.max(1, Math.ceil(SCOPE_COUNT / 32));

/** The bits of each word that stand for a scope (the last word may be partly used). */
const USED: Int32Array = Int32Array.from({ length: SCOPE_WORDS }, (_, word) => {
  const bits = Math.min(32, SCOPE_COUNT - word * 32);
  return bits >= 32 ? -1 : (1 << bits) - 1;
});

class WordSet implements ScopeSet {
  declare readonly [scopeSetBrand]: true;
  readonly #words: Int32Array;
  readonly bits: string;

  constructor(words: Int32Array, bits: string) {
    this.#words = words;
    this.bits = bits;
    Object.freeze(this);
  }

  static wordsOf(set: WordSet): Int32Array {
    return set.#words;
  }
}

// One object per content while some holder keeps it: a set nobody holds any more is collected, and
// its entry with it, so untrusted input (any combination of scopes) cannot grow the table for good.
// The table is a tree of Maps keyed by one word per level (SCOPE_WORDS levels): finding a set reads
// its words, and builds no key.
type Level = Map<number, Level | WeakRef<WordSet>>;
const interned: Level = new Map();

const forget = new FinalizationRegistry<Int32Array>((words) => {
  // Walk down to the entry, drop it if it is still the collected one, then every level left empty.
  const path: Level[] = [interned];
  for (let word = 0; word < SCOPE_WORDS - 1; word++) {
    const next = (path[word] as Level).get(words[word] as number) as Level | undefined;
    if (next === undefined) return;
    path.push(next);
  }
  const last = path[SCOPE_WORDS - 1] as Level;
  const ref = last.get(words[SCOPE_WORDS - 1] as number) as WeakRef<WordSet> | undefined;
  if (ref === undefined || ref.deref() !== undefined) return;
  last.delete(words[SCOPE_WORDS - 1] as number);
  for (let word = SCOPE_WORDS - 1; word > 0 && (path[word] as Level).size === 0; word--) (path[word - 1] as Level).delete(words[word - 1] as number);
});

function bitsOf(words: Int32Array): string {
  let bits = "";
  for (let word = SCOPE_WORDS - 1; word >= 0; word--) bits += ((words[word] as number) >>> 0).toString(16).padStart(8, "0");
  return bits;
}

/** The set holding exactly these words (already masked to the catalog); copies them when new. */
function intern(words: Int32Array): ScopeSet {
  let level = interned;
  for (let word = 0; word < SCOPE_WORDS - 1; word++) {
    let next = level.get(words[word] as number) as Level | undefined;
    if (next === undefined) level.set(words[word] as number, (next = new Map()));
    level = next;
  }
  const last = words[SCOPE_WORDS - 1] as number;
  const existing = (level.get(last) as WeakRef<WordSet> | undefined)?.deref();
  if (existing !== undefined) return existing;
  const copy = words.slice();
  const set = new WordSet(copy, bitsOf(copy));
  level.set(last, new WeakRef(set));
  forget.register(set, copy);
  return set;
}

/** Scratch words for the set operations (never escapes: intern copies). */
const scratch = new Int32Array(SCOPE_WORDS);

/**
 * The words of a set: SCOPE_WORDS 32-bit words, bit i of the catalog in word i >> 5. Shared with the
 * set and with every holder of it: read them, never write them.
 */
export function scopeWords(set: ScopeSet): Int32Array {
  return WordSet.wordsOf(set as WordSet);
}

/** The set of the given words (bit i of the catalog in word i >> 5); bits past the catalog are dropped. */
export function scopeSetFromWords(words: ArrayLike<number>): ScopeSet {
  for (let word = 0; word < SCOPE_WORDS; word++) scratch[word] = (words[word] ?? 0) & (USED[word] as number);
  return intern(scratch);
}

export const NO_SCOPES: ScopeSet = intern(new Int32Array(SCOPE_WORDS));
/** Every operation scope in the catalog (a session, and the owner, Admin and Organization Contributor layers). */
export const ALL_SCOPES: ScopeSet = intern(USED);

const INDEX_BY_NAME: ReadonlyMap<string, number> = new Map(OPERATION_SCOPES.map((scope, index) => [scope, index]));

/** The position of a scope in the catalog (its bit), or -1 for a name that is not one. */
export function scopeIndex(name: string): number {
  return INDEX_BY_NAME.get(name) ?? -1;
}

/** The one-scope sets, held for good (the endpoint table and the picker use them all the time). */
const SINGLE: readonly ScopeSet[] = OPERATION_SCOPES.map((_, index) => {
  scratch.fill(0);
  scratch[index >> 5] = 1 << (index & 31);
  return intern(scratch);
});

export function unionScopes(...sets: readonly ScopeSet[]): ScopeSet {
  if (sets.length === 1) return sets[0] as ScopeSet;
  scratch.fill(0);
  for (const set of sets) {
    const words = scopeWords(set);
    for (let word = 0; word < SCOPE_WORDS; word++) scratch[word] = (scratch[word] as number) | (words[word] as number);
  }
  return intern(scratch);
}

export function intersectScopes(a: ScopeSet, b: ScopeSet): ScopeSet {
  if (a === b) return a;
  const x = scopeWords(a);
  const y = scopeWords(b);
  for (let word = 0; word < SCOPE_WORDS; word++) scratch[word] = (x[word] as number) & (y[word] as number);
  return intern(scratch);
}

/** The scopes of `a` that are not in `b`. */
export function subtractScopes(a: ScopeSet, b: ScopeSet): ScopeSet {
  if (b === NO_SCOPES || a === NO_SCOPES) return a;
  const x = scopeWords(a);
  const y = scopeWords(b);
  for (let word = 0; word < SCOPE_WORDS; word++) scratch[word] = (x[word] as number) & ~(y[word] as number);
  return intern(scratch);
}

/** Whether every scope of `subset` is in `superset`. */
export function isSubsetOf(subset: ScopeSet, superset: ScopeSet): boolean {
  const x = scopeWords(subset);
  const y = scopeWords(superset);
  for (let word = 0; word < SCOPE_WORDS; word++) if (((x[word] as number) & ~(y[word] as number)) !== 0) return false;
  return true;
}

/** Whether the two sets share a scope. */
export function overlaps(a: ScopeSet, b: ScopeSet): boolean {
  const x = scopeWords(a);
  const y = scopeWords(b);
  for (let word = 0; word < SCOPE_WORDS; word++) if (((x[word] as number) & (y[word] as number)) !== 0) return true;
  return false;
}

/** The set of the scopes at these catalog positions. */
export function scopeSetOfIndexes(indexes: Iterable<number>): ScopeSet {
  scratch.fill(0);
  for (const index of indexes) scratch[index >> 5] = (scratch[index >> 5] as number) | (1 << (index & 31));
  return intern(scratch);
}

/** The set of the given scopes. Throws on a name outside the catalog: use parseScopes for untrusted input. */
export function scopeSet(...scopes: readonly OperationScope[]): ScopeSet {
  if (scopes.length === 0) return NO_SCOPES;
  const indexes: number[] = [];
  for (const scope of scopes) {
    const index = scopeIndex(scope);
    if (index < 0) throw new TypeError(`Unknown operation scope "${String(scope)}"`);
    indexes.push(index);
  }
  return indexes.length === 1 ? (SINGLE[indexes[0] as number] as ScopeSet) : scopeSetOfIndexes(indexes);
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
  const unknown: string[] = [];
  const words = new Int32Array(SCOPE_WORDS);
  for (const name of names) {
    const index = typeof name === "string" ? (INDEX_BY_NAME.get(name) ?? -1) : -1;
    if (index < 0) unknown.push(name);
    else words[index >> 5] = (words[index >> 5] as number) | (1 << (index & 31));
  }
  return { scopes: intern(words), unknown };
}

export function hasScope(set: ScopeSet, scope: OperationScope): boolean {
  const index = scopeIndex(scope);
  return index >= 0 && (((scopeWords(set)[index >> 5] as number) >>> (index & 31)) & 1) === 1;
}

/** The scopes of a set, in catalog order. */
export function scopeNames(set: ScopeSet): OperationScope[] {
  const words = scopeWords(set);
  const names: OperationScope[] = [];
  for (let index = 0; index < SCOPE_COUNT; index++) {
    if ((((words[index >> 5] as number) >>> (index & 31)) & 1) === 1) names.push(CATALOG[index] as OperationScope);
  }
  return names;
}

export function isScopeSet(value: unknown): value is ScopeSet {
  return value instanceof WordSet;
}

/** "Predict", "Search and Predict", "Inputs:Get, Search and Predict": scopes for a sentence. */
export function scopeListText(set: ScopeSet): string {
  const names = scopeNames(set);
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
