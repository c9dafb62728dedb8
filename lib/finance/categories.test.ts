import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "@/lib/authz/endpoints";
import { ENDPOINT_CATEGORIES, endpointCategoryRows, isOperationCategory, OPERATION_CATEGORIES } from "./categories";
import { DEFAULT_PLAN } from "./plan";

describe("endpoint categories", () => {
  it("give every endpoint of the catalog exactly one known category, and name no other endpoint", () => {
    for (const endpoint of ENDPOINTS) expect(isOperationCategory(ENDPOINT_CATEGORIES[endpoint.method]), endpoint.name).toBe(true);
    expect(Object.keys(ENDPOINT_CATEGORIES).sort()).toEqual(ENDPOINTS.map((endpoint) => endpoint.method).sort());
    expect(endpointCategoryRows()).toHaveLength(ENDPOINTS.length);
  });

  it("put predictions, searches and input writes where the price table expects them", () => {
    const category = (method: keyof typeof ENDPOINT_CATEGORIES) => ENDPOINT_CATEGORIES[method];
    expect([category("PostModelOutputs"), category("PostWorkflowResults")]).toEqual(["predict", "predict"]);
    expect([category("PostSearches"), category("PostAnnotationsSearches")]).toEqual(["search", "search"]);
    expect([category("PostInputs"), category("PatchInputs"), category("DeleteInputs")]).toEqual(["input_writes", "input_writes", "input_writes"]);
    expect(category("ListInputs")).toBe("reads");
    expect(category("PostModelVersions")).toBe("train");
  });

  it("use every category (each has a price and could appear on a statement)", () => {
    expect(new Set(Object.values(ENDPOINT_CATEGORIES))).toEqual(new Set(OPERATION_CATEGORIES));
  });
});

describe("the default plan", () => {
  it("is what the migration gave existing organizations", () => {
    const migration = readFileSync(path.join(process.cwd(), "db", "migrations", "0017_finance.sql"), "utf8");
    const values = (table: string) => {
      const statement = migration.slice(migration.indexOf(`INSERT INTO "${table}"`));
      return Object.fromEntries([...statement.slice(0, statement.indexOf(";")).matchAll(/\('([\w-]+)', (\d+(?:\.\d+)?)::numeric\)/g)].map((match) => [match[1], match[2]]));
    };
    expect(values("plan_operation_prices")).toEqual(DEFAULT_PLAN.operationPrices);
    expect(values("plan_instance_prices")).toEqual(DEFAULT_PLAN.instancePrices);
    expect(migration).toContain(`SELECT "id", '${DEFAULT_PLAN.name}', '${DEFAULT_PLAN.currency}', ${DEFAULT_PLAN.includedCreditMinor} FROM "organizations"`);
  });
});
