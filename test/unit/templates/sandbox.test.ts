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
    ["{{ _secret.__class__ }}", "names starting with '_'"],
    ["{% set _ns = namespace() %}{% set _ns.__proto__ = 1 %}", "names starting with '_'"],
    ["{% macro _m() %}{% endmacro %}{{ _m.__globals__ }}", "names starting with '_'"],
    ["{{ x|attr('__class__') }}{{ ''.__class__ }}", "names starting with '_'"],
    ["{% from 'a' import _private %}", "names starting with an underline can not be imported"],
    ["{% for loop in items %}{% endfor %}", "Can't assign to special loop variable"],
    ["{% for i in x %}{% extends 'base.html' %}{% endfor %}", "cannot use extend from a non top-level scope"],
    ["{% do x.append(1) %}", "'do' is not supported"],
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

  it("calls only what a template can make: macros, the globals, safe methods; nothing of the host", () => {
    const ctx = { x: "s", items: [1, 2], d: { a: 1 }, fn: () => "called" };
    expect(renderError("{{ x.constructor('return process')() }}", ctx).message).toContain(
      "has no attribute 'constructor'",
    );
    expect(renderError("{{ fn() }}", ctx).message).toContain("unsupported type");
    expect(renderError("{{ url_for('x') }}", ctx).message).toContain("'url_for' is undefined");
    expect(render("{{ x|attr('constructor') }}|{{ x|attr('__proto__') }}|{{ d|attr('a') }}", ctx)).toBe("||");
    expect(renderError("{{ (x|attr('constructor'))('x') }}", ctx).message).toContain(
      "no attribute 'constructor'",
    );
    expect(renderError("{{ x|attr('_x')() }}", ctx).message).toContain("unsafe");
    // The immutable sandbox: methods that change their object are refused.
    expect(render("[{{ items.append }}]", ctx)).toBe("[]");
    expect(renderError("{{ items.append(3) }}", ctx).message).toContain("unsafe");
    expect(renderError("{{ d.update({'b': 2}) }}", ctx).message).toContain("unsafe");
    expect(renderError("{{ d.pop('a') }}", ctx).message).toContain("unsafe");
    // A macro or caller is only a template function: it has no host properties.
    expect(render("{% macro m() %}x{% endmacro %}[{{ m.constructor }}][{{ m|attr('call') }}]")).toBe("[][]");
    expect(syntaxError("{% macro m() %}x{% endmacro %}{{ m.__globals__ }}").message).toContain(
      "names starting with '_'",
    );
    expect(render("{{ '{0.constructor}'.format(x) }}", ctx)).toBe("");
    expect(render("[{{ '{0.__class__}'.format(x) }}]", ctx)).toBe("[]");
  });

  it("names other templates only through the loader: a missing one is a clear error", () => {
    expect(renderError("{% extends '../../etc/passwd' %}").message).toContain(
      "template '../../etc/passwd' not found",
    );
    expect(renderError("{% include name %}", { name: "/etc/passwd" }).message).toContain("not found");
    expect(render("{% include 'x' ignore missing %}ok")).toBe("ok");
    expect(renderError("{% import 'a' as a %}").message).toContain("template 'a' not found");
  });
});

describe("names starting with '_' are variables, as in Jinja2, and reach nothing else", () => {
  it("reads and sets them in the template's own frames and the context's own data only", () => {
    expect(render("{{ _secret }}|{% set _x = 1 %}{{ _x }}", { _secret: "s" })).toBe("s|1");
    // Prototype names are plain variable names: undefined unless the template or the data sets one.
    expect(render("[{{ __proto__ }}][{{ constructor }}][{{ __defineGetter__ }}][{{ _ }}]")).toBe("[][][][]");
    expect(
      render("{% set __proto__ = 'p' %}{% set constructor = 'c' %}{{ __proto__ }}{{ constructor }}"),
    ).toBe("pc");
    expect(render("{{ __proto__ }}", JSON.parse('{"__proto__": "own"}'))).toBe("own");
    expect(render("{{ __proto__|pprint }}", Object.create({ __proto__: "inherited" }))).toBe("Undefined");
    // Keyword arguments named like prototype slots build plain entries, never a prototype.
    expect(render("{{ dict(__proto__=1, constructor=2) }}|{{ '%(__proto__)s'|format(__proto__='k') }}")).toBe(
      "{&#39;__proto__&#39;: 1, &#39;constructor&#39;: 2}|k",
    );
    expect(
      render("{% macro m(__proto__, _a=2) %}{{ __proto__ }}{{ _a }}{% endmacro %}{{ m(__proto__=1) }}"),
    ).toBe("12");
    // Attribute access stays refused whatever the variable is called.
    expect(renderError("{{ _secret|attr('__class__')() }}", { _secret: "s" }).message).toContain("unsafe");
  });
});

describe("macro objects expose what Jinja2's do, nothing of the engine", () => {
  it("gives name, arguments and the catch/caller flags; internals read as undefined", () => {
    const src = "{% macro m(a, caller=1) %}{{ kwargs }}{% endmacro %}";
    expect(
      render(`${src}{{ m.name }} {{ m.arguments|join(',') }} {{ m.catch_kwargs }} {{ m.explicit_caller }}`),
    ).toBe("m a,caller True True");
    expect(
      render(
        `${src}[{{ m.defaults }}][{{ m.impl }}][{{ m.flags }}][{{ m.params }}][{{ m|attr('impl') }}][{{ m.constructor }}]`,
      ),
    ).toBe("[][][][][][]");
    expect(renderError(`${src}{{ m.impl.def }}`).message).toContain("has no attribute 'impl'");
    expect(renderError(`${src}{{ m.arguments.append('x') }}`).message).toMatch(
      /no attribute|unsafe|undefined/,
    );
  });
});

describe("self and the autoescape tag reach nothing more than the template's own blocks", () => {
  it("self names blocks only; a block calling itself through self is a limit error", () => {
    expect(syntaxError("{{ self.__class__ }}").message).toContain("names starting with '_'");
    expect(
      render(
        "{% block b %}x{% endblock %}[{{ self.constructor }}][{{ self.blocks }}][{{ self|attr('b') is defined }}]",
      ),
    ).toBe("x[][][True]");
    expect(renderError("{{ self.b(1) }}{% block b %}{% endblock %}").message).toContain("no arguments");
    const err = renderError("{% block b %}{{ self.b() }}{% endblock %}");
    expect(err.constructor.name).toBe("TemplateLimitError");
    expect(err.message).toContain("nesting depth limit");
    // The context's own `self` does not replace the template's, as in Jinja2.
    expect(render("{% block b %}B{% endblock %}{{ self.b() }}", { self: { b: "host" } })).toBe("BB");
  });

  it("autoescape changes escaping for its body only, within the same limits", () => {
    expect(render("{% autoescape false %}{{ x }}{% endautoescape %}{{ x }}", { x: "<b>" })).toBe(
      "<b>&lt;b&gt;",
    );
    expect(renderError("{% autoescape false %}{{ 'x' * 100000000 }}{% endautoescape %}").message).toContain(
      "memory limit",
    );
  });
});

describe("random picks repeatably per template and context", () => {
  const pick = (context: Record<string, unknown>, source = "{{ range(1000)|random }}") =>
    render(source, context);

  it("the same template with the same data picks the same items; other data or templates pick others", () => {
    expect(pick({ n: 1 })).toBe(pick({ n: 1 }));
    expect(pick({ n: 1 }, "{{ range(1000)|random }},{{ range(1000)|random }}")).toBe(
      pick({ n: 1 }, "{{ range(1000)|random }},{{ range(1000)|random }}"),
    );
    const [first, second] = pick({ n: 1 }, "{{ range(1000)|random }},{{ range(1000)|random }}").split(",");
    expect(first).not.toBe(second);
    const byData = new Set(Array.from({ length: 20 }, (_, n) => pick({ n })));
    expect(byData.size).toBeGreaterThan(10);
    const byTemplate = new Set(
      Array.from({ length: 20 }, (_, i) => pick({}, `${i}{{ range(1000)|random }}`)),
    );
    expect(byTemplate.size).toBeGreaterThan(10);
    // A float written 1200.0 is another value than the int 1200, as in Python.
    expect(new Set(Array.from({ length: 8 }, (_, i) => pick({ n: new Number(1200), i })))).not.toEqual(
      new Set(Array.from({ length: 8 }, (_, i) => pick({ n: 1200, i }))),
    );
  });

  it("reads only own data of the context for the seed: getters never run", () => {
    let ran = false;
    const context = Object.defineProperty({ a: 1 }, "g", {
      get: () => {
        ran = true;
        return "x";
      },
      enumerable: true,
    });
    expect(render("{{ [1, 2, 3]|random }}", context)).toMatch(/^[123]$/);
    expect(ran).toBe(false);
  });
});

describe("lipsum stays inside the limits", () => {
  it("stops huge texts with the memory limit and endless paragraphs with the time limit", () => {
    const small = new TemplateEngine({ limits: { maxAllocated: 100_000 } });
    expect(() =>
      small.renderString("{{ lipsum(1000000, min=1000, max=1001) }}", {}, { autoescape: true }),
    ).toThrow(/memory limit/);
    const quick = new TemplateEngine({ limits: { maxMillis: 100 } });
    expect(() =>
      quick.renderString("{{ lipsum(10 ** 12, false, 0, 1) }}", {}, { autoescape: false }),
    ).toThrow(/time limit|memory limit/);
  });
});

describe("pprint stays inside the limits", () => {
  it("charges the repr of every level of a deep value against the memory limit", () => {
    const small = new TemplateEngine({ limits: { maxAllocated: 200_000 } });
    const deep = `{% set ns = namespace(v=range(3000)|list) %}{% for i in range(60) %}{% set ns.v = [ns.v] %}{% endfor %}{{ ns.v|pprint|length }}`;
    expect(() => small.renderString(deep, {}, { autoescape: false })).toThrow(/memory limit/);
    expect(render("{{ (range(3000)|list)|pprint|length }}")).toBe("19889");
  });
});

describe("new tags stay inside the limits", () => {
  it("stops a recursive macro that never ends with the nesting limit, not a stack overflow", () => {
    const err = renderError("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}");
    expect(err.constructor.name).toBe("TemplateLimitError");
    expect(err.message).toContain("nesting depth limit");
  });

  it("stops a caller that calls its macro forever, a recursive loop and a template including itself", () => {
    expect(
      renderError(
        "{% macro m() %}{{ caller() }}{% endmacro %}{% macro g() %}{% call m() %}{{ g() }}{% endcall %}{% endmacro %}{{ g() }}",
      ).message,
    ).toContain("nesting depth limit");
    expect(renderError("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}").message).toContain(
      "nesting depth limit",
    );
    const self = engine.compile("{% include 'self' %}");
    expect(() => engine.render(self, {}, { autoescape: true, layouts: () => self })).toThrow(
      /nesting depth limit/,
    );
  });

  it("counts macro bodies, loops and includes against the step, output and time limits", () => {
    expect(
      renderError(
        "{% macro m() %}{% for i in range(1000) %}x{% endfor %}{% endmacro %}{% for i in range(1000) %}{{ m() }}{% endfor %}",
      ).message,
    ).toMatch(/step limit|output size limit/);
    const small = new TemplateEngine({ limits: { maxOutputChars: 1000 } });
    expect(() =>
      small.renderString(
        "{% macro m() %}{{ 'x' * 600 }}{% endmacro %}{{ m() }}{{ m() }}",
        {},
        { autoescape: false },
      ),
    ).toThrow(/output size limit|memory/);
    expect(renderError("{% filter upper %}{{ 'x' * 100000000 }}{% endfilter %}").message).toContain(
      "memory limit",
    );
    expect(
      renderError(`{% set ns = namespace(s='x') %}${"{% set ns.s = ns.s ~ ns.s ~ ns.s ~ ns.s %}".repeat(20)}`)
        .message,
    ).toMatch(/memory limit/);
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
    ["line1\nline2 {% do x() %}", "'do' is not supported", 2, 10],
    ["{% if a %}\n{% for x in y %}\n", "unexpected end of template", 2, 17],
    ["a\r\nb\r\n{{ x.__class__ }}", "names starting with '_'", 3, 6],
    ["{{ x is frobnicated }}", "unknown test 'frobnicated'", 1, 9],
    ["{{ 'unterminated }}", "unexpected char", 1, 4],
    ["{% if x %}a{% endfor %}", "unexpected 'endfor'", 1, 15],
    ["\n\n   {% for loop in x %}{% endfor %}", "special loop variable", 3, 11],
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
