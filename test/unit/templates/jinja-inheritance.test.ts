import { describe, expect, it } from "vitest";
import { TemplateEngine } from "../../../src/core/templates/jinja/index.js";
import { HOSTILE } from "./corpus.js";
import { renderOurs } from "./differential.js";
import { type OracleCase, runJinja2 } from "./oracle.js";

const BASE = `<html>
  <head><title>{% block title %}Default title{% endblock %}</title></head>
  <body>
    {% block content %}
    <p>base content {{ name }}</p>
    {% endblock %}
    <footer>{% block footer %}{{ clinic|default('Clínica') }}{% endblock %}</footer>
  </body>
</html>
`;
const MIDDLE = `{% extends "base.html" %}{% block footer %}[{{ super() }}] middle{% endblock %}`;

const CASES: [string, string][] = [
  [
    "child overrides",
    `{% extends "base.html" %}{% block title %}Hola {{ name }}{% endblock %}{% block content %}<p>{{ q }}</p>{% endblock %}`,
  ],
  ["super", `{% extends "base.html" %}{% block content %}before {{ super() }} after{% endblock %}`],
  ["no blocks overridden", `{% extends "base.html" %}`],
  [
    "output outside blocks is dropped",
    `{% extends "base.html" %}ignored text {{ name }}{% block title %}T{% endblock %}more ignored`,
  ],
  ["output before extends is kept", `kept\n{% extends "base.html" %}{% block title %}T{% endblock %}`],
  [
    "top-level set visible in blocks",
    `{% extends "base.html" %}{% set clinic = 'Sonrisa <&>' %}{% block title %}{{ clinic }}{% endblock %}`,
  ],
  [
    "loop in block",
    `{% extends "base.html" %}{% block content %}{% for i in items %}\n  <li>{{ loop.index }} {{ i.description }}</li>\n{% endfor %}{% endblock %}`,
  ],
  ["three levels", `{% extends "middle.html" %}{% block footer %}child+{{ super() }}{% endblock %}`],
  ["three levels untouched", `{% extends "middle.html" %}{% block title %}x{% endblock %}`],
  [
    "block used twice with self-less call",
    `{% extends "base.html" %}{% block content %}{% if t %}yes{% else %}no{% endif %}{% endblock %}`,
  ],
  ["blocks without extends render in place", `a{% block x %}inner {{ n }}{% endblock %}b`],
  ["block sees no loop variable", `{% for i in [1] %}{% block x %}[{{ i }}]{% endblock %}{% endfor %}`],
  [
    "whitespace around blocks",
    `{% extends "base.html" %}\n{% block title %}\n  Title\n{% endblock %}\n{% block content %}\n    <p>x</p>\n{% endblock %}\n`,
  ],
];

const layouts = { "base.html": BASE, "middle.html": MIDDLE };
const engine = new TemplateEngine();
const cases: OracleCase[] = CASES.flatMap(([name, source]) =>
  [true, false].map((autoescape) => ({
    id: `${name} [${autoescape ? "html" : "text"}]`,
    source,
    autoescape,
    layouts,
    context: HOSTILE,
  })),
);
const expected = runJinja2(cases);

describe("extends, block and super() behave as in Jinja2", () => {
  it.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const want = expected.get(c.id)!;
    const got = renderOurs(engine, c);
    if (!want.ok) return expect(got.ok).toBe(false);
    expect(got.ok ? "" : got.error).toBe("");
    expect(got.ok && got.out).toBe(want.out);
  });
});
