import { describe, expect, it } from "vitest";
import { API_ROUTES } from "@/lib/api/routes";
import { routeEndpoint } from "@/lib/api/table";
import { queryWithoutDefaults, requestMessage, withoutDefaults } from "./api-defaults";
import { ENUM_VALUES, MESSAGE_FIELDS } from "./api-messages";

describe("Clarifai's request messages", () => {
  it("are known for every method the route table serves, so a new method cannot leave them out", () => {
    const missing = API_ROUTES.map((route) => routeEndpoint(route).split("/").pop()!).filter((method) => {
      const message = requestMessage(method);
      return message === undefined || MESSAGE_FIELDS[message] === undefined;
    });
    expect(missing).toEqual([]);
  });

  it("name only messages and enums the table holds", () => {
    const dangling = Object.entries(MESSAGE_FIELDS).flatMap(([message, fields]) =>
      Object.entries(fields)
        .map(([field, type]) => [field, type.replace(/=1$/, "").replace(/\[\]$/, "")] as const)
        .filter(([, type]) => (type.startsWith("message:") && !MESSAGE_FIELDS[type.slice(8)]) || (type.startsWith("enum:") && !ENUM_VALUES[type.slice(5)]))
        .map(([field]) => `${message}.${field}`),
    );
    expect(dangling).toEqual([]);
  });
});

describe("fields at their proto default", () => {
  it("are dropped at every depth, server-set timestamps with them; a concept's value (1 unless said), a message that is there and anything the message lacks are kept", () => {
    const sent = {
      concepts: [{ id: "dog", name: "", value: 0, language: "", created_at: "2024-01-01T00:00:00Z", visibility: { gettable: "UNKNOWN_VISIBILITY" }, vocab_id: "", no_such: "" }],
    };
    expect(withoutDefaults("PostConceptsRequest", sent)).toEqual({ concepts: [{ id: "dog", value: 0, visibility: {}, no_such: "" }] });
  });

  it("keeps a field that says something, for the descriptor to honour or refuse by name", () => {
    expect(withoutDefaults("PostConceptsRequest", { concepts: [{ id: "dog", language: "fr" }] })).toEqual({ concepts: [{ id: "dog", language: "fr" }] });
    expect(withoutDefaults("DeleteCollaboratorsRequest", { collaborator_ids: [], user_emails: ["a@example.test"] })).toEqual({ user_emails: ["a@example.test"] });
  });

  it("are dropped from a query string by their type (page=0 is the default page)", () => {
    const query = queryWithoutDefaults("ListConceptsRequest", new URLSearchParams("page=0&per_page=0&id=&page_extra=0"));
    expect(query.toString()).toBe("page_extra=0");
    expect(queryWithoutDefaults("ListConceptsRequest", new URLSearchParams("page=2")).toString()).toBe("page=2");
  });
});
