// Every code the server may send (docs/api.md) has its wording in every language of the UI, so
// the UI never has to fall back to the server's English.
import { describe, expect, it } from "vitest";
import { EMAIL_STATUSES } from "../../src/core/db/schema.js";
import { ERROR_CODES, FIELD_ERROR_CODES } from "../../src/core/errors.js";
import { SYNTAX_REASONS } from "../../src/core/templates/index.js";
import { SMTP_TEST_CODES } from "../../src/modules/notifications/smtp-test-codes.js";
import type { FieldProblem } from "../src/api/http.js";
import { interpolate } from "../src/i18n/context.js";
import { type DictKey, dictionaries } from "../src/i18n/dict.js";
import { fieldProblemText } from "../src/lib/problems.js";

const wanted = [
  ...ERROR_CODES.map((c) => `problem.${c}`),
  ...FIELD_ERROR_CODES.map((c) => `fieldError.${c}`),
  ...SYNTAX_REASONS.map((r) => `templates.syntax.${r}`),
  ...SMTP_TEST_CODES.map((c) => `smtpTest.${c}`),
  ...EMAIL_STATUSES.map((s) => `sendResult.${s}`),
];

describe("the server's codes in every UI language", () => {
  it.each(Object.entries(dictionaries))(
    "%s words every problem code, field code, syntax reason, SMTP test code and send status",
    (_, dict) => {
      const missing = wanted.filter((key) => !(dict as Record<string, string>)[key]?.trim());
      expect(missing).toEqual([]);
    },
  );

  it("words a syntax error from its reason and values, never from the server's message", () => {
    const t = (key: DictKey, vars?: Record<string, string | number>) =>
      interpolate(dictionaries.es[key], vars);
    const problem: FieldProblem = {
      field: "body_html",
      code: "template_syntax",
      message: "body_html: '{%' is not closed, expected '%}' (line 2, column 5)",
      line: 2,
      column: 5,
      params: { reason: "unclosed_tag", line: 2, column: 5, tag: "{%", expected: "%}" },
    };
    expect(fieldProblemText(problem, t)).toBe(
      "Línea 2, columna 5: La etiqueta «{%» no está cerrada: falta «%}».",
    );
    // A reason or code this UI does not know yet gets its own generic words, not the English.
    expect(fieldProblemText({ ...problem, params: { reason: "something_new" } }, t)).toBe(
      "Línea 2, columna 5: Error de sintaxis.",
    );
    expect(fieldProblemText({ field: "x", code: "brand_new_code", message: "English" }, t)).toBe(
      "Este valor no es válido.",
    );
  });
});
