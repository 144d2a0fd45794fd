// docs/api.md is the clients' catalogue of codes: every code the server can send is there, with
// the status the server answers it with.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CATALOGUE, ERROR_CODES, FIELD_ERROR_CODES } from "../../../src/core/errors.js";
import { SYNTAX_REASONS } from "../../../src/core/templates/index.js";
import { SMTP_TEST_CODES } from "../../../src/modules/notifications/smtp-test-codes.js";

const doc = readFileSync(path.resolve(import.meta.dirname, "../../../docs/api.md"), "utf8");
/** The first cell of each table row: `| \`code\` | …`. */
const rows = new Map(
  [...doc.matchAll(/^\| `([a-z_]+)` \| ([^|]*)\|/gm)].map((m) => [m[1]!, m[2]!.trim()] as const),
);
const section = (title: string) => {
  const start = doc.indexOf(`## ${title}`);
  return doc.slice(start, doc.indexOf("\n## ", start + 1));
};

describe("docs/api.md lists every code", () => {
  it("every problem code, with its status", () => {
    for (const code of ERROR_CODES) expect(rows.get(code), code).toBe(String(ERROR_CATALOGUE[code].status));
  });

  it("every per-field code, every template syntax reason and every SMTP test code", () => {
    const errors = section("Error codes");
    for (const code of FIELD_ERROR_CODES) expect(errors, code).toContain(`\`${code}\``);
    for (const reason of SYNTAX_REASONS) expect(rows.has(reason), reason).toBe(true);
    for (const code of SMTP_TEST_CODES) expect(rows.has(code), code).toBe(true);
  });
});
