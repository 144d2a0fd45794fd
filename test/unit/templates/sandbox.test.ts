import { describe, expect, it } from "vitest";
import {
  TemplateEngine,
  TemplateRenderError,
  TemplateSyntaxError,
} from "../../../src/core/templates/jinja/index.js";

const engine = new TemplateEngine({ limits: { maxSteps: 200_000, maxMillis: 1_000 } });
const render = (source: string, context: Record<string, unknown> = {}) =>
  engine.renderString(source, context, { autoescape: true });

function syntaxError(source: string): TemplateSyntaxError {
  try {
    engine.compile(source);
  } catch (err) {
    if (err instanceof TemplateSyntaxError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be refused`);
}

function renderError(source: string, context: Record<string, unknown> = {}): TemplateRenderError {
  try {
    render(source, context);
  } catch (err) {
    if (err instanceof TemplateRenderError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}

describe("templates cannot reach the process, constructors, prototypes or the file system", () => {
  it.each([
    ["{{ ''.__class__ }}", "names starting with '_'"],
    ["{{ x.__proto__ }}", "names starting with '_'"],
    ["{{ _secret }}", "names starting with '_'"],
    ["{% set _x = 1 %}", "names starting with '_'"],
    ["{{ x.constructor('return process')() }}", "calling"],
    ["{{ name.format(1) }}", "calling method 'format()'"],
    ["{{ lipsum() }}", "calling 'lipsum()'"],
    ["{{ cycler() }}", "calling 'cycler()'"],
    ["{{ (x|string).upper() }}", "calling method 'upper()'"],
    ["{{ x|attr('constructor') }}", "unknown filter 'attr'"],
    ["{{ x|map('upper') }}", "unknown filter 'map'"],
    ["{% import 'os' as os %}", "'import' is not supported"],
    ["{% include 'base.html' %}", "'include' is not supported"],
    ["{% macro m() %}x{% endmacro %}", "'macro' is not supported"],
    ["{% from 'a' import b %}", "'from' is not supported"],
    ["{{ f(*args) }}", "'*' and '**' arguments are not supported"],
  ])("refuses %s", (source, message) => {
    const err = syntaxError(source);
    expect(err.message).toContain(message);
    expect(err.line).toBe(1);
  });

  it("only reads own data properties: prototypes, getters and class instances stay invisible", () => {
    const withGetter = Object.defineProperty({}, "secret", { get: () => "leaked", enumerable: true });
    class Account {
      password = "hunter2";
    }
    const ctx = { o: withGetter, acct: new Account(), fn: () => "called", arr: [1], x: "s" };
    expect(
      render("[{{ o.secret }}][{{ acct }}][{{ fn }}][{{ arr.constructor }}][{{ o.toString }}]", ctx),
    ).toBe("[][][][][]");
    expect(render("{{ o.hasOwnProperty }}{{ {}.valueOf }}{{ 'x'.length }}{{ x.constructor }}", ctx)).toBe("");
    // A class instance is opaque: reading into it is an error, never a property read.
    expect(renderError("{{ acct.password }}", ctx).message).toContain("unsupported type");
    expect(renderError("{{ fn.call }}", ctx).message).toContain("unsupported type");
  });

  it("extends can only name a string literal layout at the top level", () => {
    expect(syntaxError("{% extends name %}").message).toContain("quoted string");
    expect(syntaxError("{% if x %}{% extends 'base.html' %}{% endif %}").message).toContain("top level");
    expect(renderError("{% extends '../../etc/passwd' %}").message).toContain(
      "layout '../../etc/passwd' is not available",
    );
  });
});

describe("limits stop runaway templates with an error naming the limit", () => {
  it("stops an endless nested loop with the step limit", () => {
    const err = renderError(
      "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}x{% endfor %}{% endfor %}{% endfor %}",
    );
    expect(err.message).toMatch(/step limit|output size limit/);
  });

  it("stops exponential string growth with the memory limit", () => {
    const err = renderError(
      `{% set s = 'xxxxxxxxxx' %}${"{% set s = s ~ s ~ s ~ s %}".repeat(20)}{{ s|length }}`,
    );
    expect(err.message).toMatch(/memory limit|output size limit/);
    expect(renderError("{{ 'x' * 100000000 }}").message).toContain("memory limit");
    expect(renderError("{{ [1] * 100000000 }}").message).toContain("memory limit");
    expect(renderError("{{ range(100000000)|length }}").message).toContain("memory limit");
  });

  it("stops huge integers", () => {
    expect(renderError("{{ 2 ** 100000 }}").message).toContain("integer size limit");
    expect(
      renderError("{{ 10 ** 1000 * 10 ** 1000 * 10 ** 1000 * 10 ** 1000 * 10 ** 1000 }}").message,
    ).toContain("integer size limit");
  });

  it("stops too much output", () => {
    const small = new TemplateEngine({ limits: { maxOutputChars: 1000 } });
    expect(() =>
      small.renderString("{% for i in range(2000) %}x{% endfor %}", {}, { autoescape: false }),
    ).toThrow(/output size limit/);
  });

  it("stops a render that runs too long with the time limit", () => {
    const slow = new TemplateEngine({ limits: { maxSteps: Number.MAX_SAFE_INTEGER, maxMillis: 50 } });
    const started = Date.now();
    expect(() =>
      slow.renderString(
        "{% for a in range(100000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}",
        {},
        { autoescape: false },
      ),
    ).toThrow(/time limit/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses deep nesting at parse time and oversized sources", () => {
    expect(syntaxError(`{{ ${"(".repeat(500)}1${")".repeat(500)} }}`).message).toContain(
      "nesting depth limit",
    );
    expect(syntaxError(`${"{% if x %}".repeat(300)}`).message).toContain("nesting depth limit");
    expect(syntaxError("x".repeat(600_000)).message).toContain("template size limit");
  });

  it("stops layouts that extend each other", () => {
    const a = engine.compile("{% extends 'b.html' %}");
    const b = engine.compile("{% extends 'a.html' %}");
    expect(() =>
      engine.render(
        a,
        {},
        { autoescape: true, layouts: (n) => (n === "a.html" ? a : n === "b.html" ? b : undefined) },
      ),
    ).toThrow(/layout depth limit/);
  });
});

describe("errors point into the user's Jinja2 source", () => {
  it.each([
    ["Hola\n  {{ name|nope }}", "unknown filter 'nope'", 2, 11],
    ["line1\nline2 {% macro x() %}{% endmacro %}", "'macro' is not supported", 2, 10],
    ["{% if a %}\n{% for x in y %}\n", "unexpected end of template", 2, 17],
    ["a\r\nb\r\n{{ x.__class__ }}", "names starting with '_'", 3, 6],
    ["{{ x is frobnicated }}", "unknown test 'frobnicated'", 1, 9],
    ["{{ 'unterminated }}", "unexpected char", 1, 4],
    ["{% if x %}a{% endfor %}", "unexpected 'endfor'", 1, 15],
    ["\n\n   {{ user.name.upper() }}", "calling method 'upper()'", 3, 17],
  ])("%j", (source, message, line, column) => {
    const err = syntaxError(source);
    expect(err.message).toContain(message);
    expect({ line: err.line, column: err.column }).toEqual({ line, column });
  });

  it("render errors carry the position of the failing expression", () => {
    const err = renderError("ok\n  {{ 1 + 'a' }}");
    expect(err.message).toContain("unsupported operand");
    expect({ line: err.line, column: err.column }).toEqual({ line: 2, column: 8 });
  });
});
