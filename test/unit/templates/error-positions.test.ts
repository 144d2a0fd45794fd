// Template errors point at the line and column of the source the user typed, and say why in a
// stable reason (with its values) a UI can word in its own language.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  TemplateEngine,
  TemplateRenderError,
  TemplateSyntaxError,
} from "../../../src/core/templates/index.js";

const engine = new TemplateEngine();

function syntaxError(source: string): TemplateSyntaxError {
  try {
    engine.compile(source);
  } catch (err) {
    if (err instanceof TemplateSyntaxError) return err;
    throw err;
  }
  throw new Error(`expected a syntax error: ${source}`);
}

function renderError(source: string, layouts: Record<string, string>): TemplateRenderError {
  try {
    engine.render(
      engine.compile(source),
      {},
      {
        autoescape: true,
        layouts: (name) => (layouts[name] === undefined ? undefined : engine.compile(layouts[name]!)),
      },
    );
  } catch (err) {
    if (err instanceof TemplateRenderError) return err;
    throw err;
  }
  throw new Error(`expected a render error: ${source}`);
}

const shipped = readFileSync(
  path.resolve(import.meta.dirname, "../../../templates/email/es/appointment_confirmation.html"),
  "utf8",
);

describe("a tag left open is reported where it opens", () => {
  it("the shipped confirmation with the '}' of line 2's last tag missing: line 2, not lines later", () => {
    const lines = shipped.split("\n");
    expect(lines[1]).toMatch(/%\}$/);
    lines[1] = lines[1]!.slice(0, -1);
    const err = syntaxError(lines.join("\n"));
    const opening = lines[1]!.lastIndexOf("{%");
    expect({ line: err.line, column: err.column }).toEqual({ line: 2, column: opening + 1 });
    expect(err.reason).toBe("unclosed_tag");
    expect(err.params).toEqual({ tag: "{%", expected: "%}" });
  });

  it.each([
    ["<p>Hola</p>\n<p>{{ patient_name </p>\n<p>{{ clinic_name }}</p>", 2, 4, "{{", "}}"],
    ["{% if x %}\n{{ a }}\n{% if y %\n<p>{{ b }}</p>\n{% endif %}", 3, 1, "{%", "%}"],
    ["a\nb {{ x", 2, 3, "{{", "}}"],
  ])("%j", (source, line, column, tag, expected) => {
    const err = syntaxError(source);
    expect({ line: err.line, column: err.column, reason: err.reason }).toEqual({
      line,
      column,
      reason: "unclosed_tag",
    });
    expect(err.params).toEqual({ tag, expected });
  });

  it("a stray character inside one tag is still reported where it is", () => {
    const err = syntaxError("ok\n{{ a ¡ b }}");
    expect({ line: err.line, column: err.column, reason: err.reason }).toEqual({
      line: 2,
      column: 6,
      reason: "unexpected_char",
    });
    expect(err.params).toEqual({ found: "¡" });
  });
});

describe("each syntax error says why, with the values a translation needs", () => {
  it.each([
    ["<p>{{ patient_name }</p>", "unexpected_token", { found: "}" }, 1, 20],
    [
      "{% if a %}x{% endfor %}",
      "unexpected_token",
      { expected: "elif, else, endif", found: "endfor" },
      1,
      15,
    ],
    ["{% if a %}\nx", "unexpected_end", { expected: "elif, else, endif" }, 2, 2],
    ["{% if a b %}{% endif %}", "unexpected_token", { expected: "%}", found: "b" }, 1, 9],
    ["{{ a 'b' }}", "unexpected_token", { expected: "}}", found: '"b"' }, 1, 6],
    ["{% frobnicate %}", "unknown_tag", { name: "frobnicate" }, 1, 4],
    ["\n{% do x() %}", "unsupported_tag", { name: "do" }, 2, 4],
    ["{{ x|nope }}", "unknown_filter", { name: "nope" }, 1, 6],
    ["{{ x is nope }}", "unknown_test", { name: "nope" }, 1, 9],
    ["{{ f(1 }}", "unexpected_token", { expected: ")", found: "}" }, 1, 8],
    ["{% set %}", "invalid", {}, 1, 8],
  ])("%j", (source, reason, params, line, column) => {
    const err = syntaxError(source);
    expect({ reason: err.reason, params: err.params, line: err.line, column: err.column }).toEqual({
      reason,
      params,
      line,
      column,
    });
    // The field it is found in keeps the reason.
    expect(err.inField("subject")).toMatchObject({ field: "subject", reason, params });
  });
});

describe("a template that extends a layout counts its own lines only", () => {
  const layout =
    "<html>\n<body>\n<h1>{{ title }}</h1>\n{% block content %}{% endblock %}\n{{ 1 // n }}\n</body>";

  it("an error in the user's block is at the block's line in the user's source", () => {
    const err = renderError(
      '{% extends "l.html" %}\n{% block content %}\n<p>{{ 1 // 0 }}</p>\n{% endblock %}',
      { "l.html": layout },
    );
    expect(err.message).toContain("division");
    expect({ line: err.line, column: err.column }).toEqual({ line: 3, column: 9 });
  });

  it("an error in the layout's own code gives no position in the user's source (not the layout's line)", () => {
    const err = renderError('{% extends "l.html" %}\n{% block content %}ok{% endblock %}', {
      "l.html": layout,
    });
    expect(err.message).toMatch(/undefined|unsupported/);
    expect(err.line).toBeUndefined();
  });

  it("an error in an imported macro is at the user's call", () => {
    const err = renderError('{% import "m.html" as m %}\nHola\n  {{ m.bad() }}', {
      "m.html": "{% macro bad() %}\n\n\n{{ 1 // 0 }}{% endmacro %}",
    });
    expect({ line: err.line, column: err.column }).toEqual({ line: 3, column: 11 });
  });
});
