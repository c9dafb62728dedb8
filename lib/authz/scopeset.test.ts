import { describe, expect, it } from "vitest";
import { OPERATION_SCOPES } from "./catalog";
import {
  ALL_SCOPES,
  NO_SCOPES,
  hasScope,
  intersectScopes,
  isScopeSet,
  isSubsetOf,
  parseScopes,
  scopeListText,
  scopeNames,
  scopeSet,
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

  it("has 44 scopes in two words: ALL is every scope, NO is none", () => {
    expect(OPERATION_SCOPES).toHaveLength(44);
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

  it("keeps any 32-bit integer a set (of its low bits), and equal sets equal numbers", () => {
    for (const bits of [-1, -(2 ** 31), 2 ** 31 - 1, 5]) {
      expect(isScopeSet(bits)).toBe(true);
      expect(parseScopes(scopeNames(bits as never)).scopes).toBe(bits);
    }
    expect(scopeSet("Workflows:Delete", "Annotations:Add")).toBe(scopeSet("Annotations:Add", "Workflows:Delete"));
    expect(unionScopes(ALL_SCOPES, NO_SCOPES)).toBe(ALL_SCOPES);
  });

  it("rejects values that are not sets", () => {
    for (const value of [1.5, Number.NaN, 2 ** 50, -(2 ** 50), 2 ** 53, Number.POSITIVE_INFINITY, "1", null, undefined]) expect(isScopeSet(value)).toBe(false);
  });

  it("phrases scope lists for messages", () => {
    expect(scopeListText(NO_SCOPES)).toBe("");
    expect(scopeListText(scopeSet("Predict"))).toBe("Predict");
    expect(scopeListText(scopeSet("Predict", "Search"))).toBe("Predict and Search");
    expect(scopeListText(scopeSet("Inputs:Get", "Predict", "Search"))).toBe("Inputs:Get, Predict and Search");
  });
});
