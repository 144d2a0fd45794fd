import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CATALOGUE_FILE,
  generatedCatalogue,
  generatedSchemaTypes,
  SCHEMA_FILE,
} from "../../../scripts/gen-api.js";

describe("the web's API types", () => {
  it("are generated from the server's current OpenAPI document (npm run gen:api)", async () => {
    const committed = readFileSync(SCHEMA_FILE, "utf8");
    // A failure here means a route's schema changed: run `npm run gen:api` and commit the result.
    expect(committed === (await generatedSchemaTypes()), "web/src/api/schema.d.ts is out of date").toBe(true);
  }, 60_000);

  it("carry the built-in types and skip reasons GET /notifications/types answers", () => {
    const committed = readFileSync(CATALOGUE_FILE, "utf8");
    expect(committed === generatedCatalogue(), "web/src/api/catalogue.ts is out of date").toBe(true);
  });
});
