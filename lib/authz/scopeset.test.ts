import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OPERATION_SCOPES } from "./catalog";
import {
  ALL_SCOPES,
  NO_SCOPES,
  SCOPE_WORDS,
  hasScope,
  intersectScopes,
  isScopeSet,
  isSubsetOf,
  parseScopes,
  scopeListText,
  scopeNames,
  scopeSet,
  scopeSetFromWords,
  scopeWords,
  subtractScopes,
  unionScopes,
} from "./scopeset";

describe("ScopeSet", () => {
  it("round-trips every catalog scope through its bit", () => {
    for (const scope of OPERATION_SCOPES) {
      expect(scopeNames(scopeSet(scope))).toEqual([scope]);
      expect(hasScope(scopeSet(scope), scope)).toBe(true);
    }
  });

  it("has 44 scopes in two 32-bit words: ALL is every scope, NO is none", () => {
    expect(OPERATION_SCOPES).toHaveLength(44);
    expect(SCOPE_WORDS).toBe(2);
    expect([...scopeWords(ALL_SCOPES)]).toEqual([-1, 2 ** 12 - 1]);
    expect(scopeNames(ALL_SCOPES)).toEqual([...OPERATION_SCOPES]);
    expect(scopeNames(NO_SCOPES)).toEqual([]);
    expect(isScopeSet(ALL_SCOPES)).toBe(true);
  });

  it("lists scopes in catalog order whatever the input order", () => {
    expect(scopeNames(scopeSet("Search", "Annotations:Get", "Predict"))).toEqual(["Annotations:Get", "Predict", "Search"]);
  });

  it("parses untrusted names, reporting unknown ones and never including them", () => {
    const parsed = parseScopes(["Inputs:Get", "Inputs:Patch", "predict", "", "Search", "Inputs:Get"]);
    expect(scopeNames(parsed.scopes)).toEqual(["Inputs:Get", "Search"]);
    expect(parsed.unknown).toEqual(["Inputs:Patch", "predict", ""]);
  });

  it("throws on an unknown name passed where a typed scope was expected", () => {
    expect(() => scopeSet("Datasets:Get" as never)).toThrow(TypeError);
  });

  it("does set algebra", () => {
    const a = scopeSet("Inputs:Get", "Inputs:Add", "Predict");
    const b = scopeSet("Inputs:Get", "Search");
    expect(scopeNames(unionScopes(a, b))).toEqual(["Inputs:Add", "Inputs:Get", "Predict", "Search"]);
    expect(scopeNames(intersectScopes(a, b))).toEqual(["Inputs:Get"]);
    expect(scopeNames(subtractScopes(a, b))).toEqual(["Inputs:Add", "Predict"]);
    expect(isSubsetOf(scopeSet("Inputs:Get"), a)).toBe(true);
    expect(isSubsetOf(b, a)).toBe(false);
    expect(isSubsetOf(NO_SCOPES, NO_SCOPES)).toBe(true);
    expect(hasScope(a, "Search")).toBe(false);
    expect(hasScope(a, "Nope" as never)).toBe(false);
  });

  it("treats the last bit (Workflows:Delete, in the high word) like any other", () => {
    const last = scopeSet("Workflows:Delete");
    expect(scopeNames(last)).toEqual(["Workflows:Delete"]);
    expect(isSubsetOf(last, ALL_SCOPES)).toBe(true);
    expect(scopeNames(subtractScopes(ALL_SCOPES, last))).toHaveLength(43);
  });

  it("treats the sign bit of the low word and the bits around it like any other", () => {
    const [beforeSign, sign, firstHigh] = [OPERATION_SCOPES[30]!, OPERATION_SCOPES[31]!, OPERATION_SCOPES[32]!];
    const around = scopeSet(beforeSign, sign, firstHigh);
    expect(scopeNames(around)).toEqual([beforeSign, sign, firstHigh]);
    expect(scopeNames(subtractScopes(around, scopeSet(sign)))).toEqual([beforeSign, firstHigh]);
    expect(scopeNames(intersectScopes(around, scopeSet(sign, "Predict")))).toEqual([sign]);
    expect(scopeNames(unionScopes(scopeSet(sign), scopeSet(firstHigh)))).toEqual([sign, firstHigh]);
    expect(isSubsetOf(scopeSet(sign), scopeSet(firstHigh))).toBe(false);
    expect(isScopeSet(around)).toBe(true);
  });

  it("makes any words a set of their bits, drops bits past the catalog, and keeps equal sets one object", () => {
    const words = [-1, 2 ** 31 - 1, -(2 ** 31), 5];
    for (const low of words) {
      for (const high of words) {
        const set = scopeSetFromWords([low, high, -1]);
        expect(isScopeSet(set)).toBe(true);
        expect(isSubsetOf(set, ALL_SCOPES)).toBe(true);
        expect(parseScopes(scopeNames(set)).scopes).toBe(set);
        expect(scopeSetFromWords(scopeWords(set))).toBe(set);
      }
    }
    expect(scopeSetFromWords([-1, -1, -1])).toBe(ALL_SCOPES);
    expect(scopeSetFromWords([])).toBe(NO_SCOPES);
    expect(scopeSet("Workflows:Delete", "Annotations:Add")).toBe(scopeSet("Annotations:Add", "Workflows:Delete"));
    expect(unionScopes(ALL_SCOPES, NO_SCOPES)).toBe(ALL_SCOPES);
    expect(scopeSet("Predict")).not.toBe(scopeSet("Search"));
    expect(scopeSet("Predict")).not.toEqual(scopeSet("Search"));
  });

  it("agrees with Sets of names on every operation, over random sets across every word", () => {
    const index = new Map(OPERATION_SCOPES.map((scope, position) => [scope, position]));
    const sorted = (names: Iterable<string>) => [...names].sort((a, b) => (index.get(a as never) ?? 0) - (index.get(b as never) ?? 0));
    const setArb = fc.subarray([...OPERATION_SCOPES]);
    fc.assert(
      fc.property(setArb, setArb, (a, b) => {
        const [x, y] = [scopeSet(...a), scopeSet(...b)];
        const [p, q] = [new Set<string>(a), new Set<string>(b)];
        expect(scopeNames(unionScopes(x, y))).toEqual(sorted(new Set([...p, ...q])));
        expect(scopeNames(intersectScopes(x, y))).toEqual(sorted([...p].filter((scope) => q.has(scope))));
        expect(scopeNames(subtractScopes(x, y))).toEqual(sorted([...p].filter((scope) => !q.has(scope))));
        expect(isSubsetOf(x, y)).toBe([...p].every((scope) => q.has(scope)));
        expect(unionScopes(x, y) === unionScopes(y, x)).toBe(true);
        expect(x === y).toBe(p.size === q.size && [...p].every((scope) => q.has(scope)));
        for (const scope of OPERATION_SCOPES) expect(hasScope(x, scope)).toBe(p.has(scope));
      }),
      { numRuns: 500 },
    );
  });

  it("rejects values that are not sets", () => {
    const lookalike = { bits: scopeSet("Predict").bits };
    for (const value of [0, 5, -1, 1.5, Number.NaN, 2 ** 50, Number.POSITIVE_INFINITY, "1", null, undefined, lookalike, [0, 0]]) expect(isScopeSet(value)).toBe(false);
  });

  it("phrases scope lists for messages", () => {
    expect(scopeListText(NO_SCOPES)).toBe("");
    expect(scopeListText(scopeSet("Predict"))).toBe("Predict");
    expect(scopeListText(scopeSet("Predict", "Search"))).toBe("Predict and Search");
    expect(scopeListText(scopeSet("Inputs:Get", "Predict", "Search"))).toBe("Inputs:Get, Predict and Search");
  });
});
