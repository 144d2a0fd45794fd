/**
 * Numbers from JSON keep their float-ness (issue 14, "Numbers"): a context parsed from
 * `{"total": 1200.0}` prints and computes as Python's float, `{"n": 3}` as its int.
 */
import { describe, expect, it } from "vitest";
import { parseJson } from "../../../src/core/json-floats.js";
import { TemplateEngine } from "../../../src/core/templates/jinja/index.js";
import { renderOurs, toOracleContext } from "./differential.js";
import { type OracleCase, runJinja2 } from "./oracle.js";

const JSON_CONTEXT = `{
  "total": 1200.0, "deposit": 171.0, "zero": 0.0, "neg_zero": -0.0, "price": 171.5, "n": 3,
  "thousand": 1e3, "big": 1e16, "tiny": 1E-7, "half": 0.5, "cents": 19.99, "count": 0,
  "amounts": [1200.0, 171.0, 0.0, 2], "ints": [1, 2, 3],
  "items": [{"name": "Limpieza", "price": 60.0, "qty": 2}, {"name": "Implante", "price": 1190.0, "qty": 1}],
  "budget": {"total": 1250.0, "paid": 50}, "text_total": "1200.0",
  "huge": 12345678901234567890, "neg_huge": -9007199254740993, "edge": 9007199254740992,
  "safe": 9007199254740991, "huge_list": [18446744073709551616, 1], "huge_float": 12345678901234567890.0
}`;

const CORPUS: [string, string][] = [
  ["print", "{{ total }} € {{ deposit }} {{ zero }} {{ neg_zero }} {{ price }} {{ n }} {{ count }}"],
  ["exponents", "{{ thousand }} {{ big }} {{ tiny }} {{ half }} {{ cents }}"],
  ["lists and dicts", "{{ amounts }} {{ ints }} {{ budget }} {{ items[0] }}"],
  [
    "nested",
    "{% for i in items %}{{ i.name }}: {{ i.price }} x{{ i.qty }} = {{ i.price * i.qty }}\n{% endfor %}",
  ],
  ["add", "{{ total + deposit }} {{ total + n }} {{ n + n }} {{ zero + count }} {{ total + true }}"],
  ["sub mul", "{{ total - deposit }} {{ total * 2 }} {{ n * 2 }} {{ deposit * n }} {{ zero * -1 }}"],
  [
    "div",
    "{{ total / 3 }} {{ n / 3 }} {{ total // 7 }} {{ n // 2 }} {{ total % 7 }} {{ n % 2 }} {{ -total // 7 }}",
  ],
  ["pow", "{{ total ** 2 }} {{ n ** 2 }} {{ n ** -1 }} {{ half ** 2 }} {{ 2 ** zero }}"],
  ["unary", "{{ -total }} {{ -zero }} {{ +deposit }} {{ -n }} {{ total|abs }} {{ neg_zero|abs }}"],
  [
    "round",
    "{{ total|round }} {{ price|round }} {{ cents|round(1) }} {{ cents|round(1, 'floor') }} {{ cents|round(0, 'ceil') }} {{ n|round }} {{ half|round }}",
  ],
  [
    "sum",
    "{{ amounts|sum }} {{ ints|sum }} {{ items|sum(attribute='price') }} {{ ints|sum(start=0.0) }} {{ [zero]|sum }} {{ []|sum }}",
  ],
  [
    "float filter",
    "{{ n|float }} {{ total|float }} {{ text_total|float }} {{ '3'|float }} {{ 'x'|float }} {{ count|float }}",
  ],
  [
    "int filter",
    "{{ total|int }} {{ price|int }} {{ text_total|int }} {{ -price|int }} {{ tiny|int }} {{ big|int }}",
  ],
  [
    "format",
    "{{ '%.2f'|format(total) }} {{ '%.2f'|format(n) }} {{ '%d'|format(price) }} {{ '%s'|format(total) }} {{ '%r'|format(zero) }} {{ '%5.1f|%-8.3f|'|format(deposit, cents) }}",
  ],
  [
    "format more",
    "{{ '%e'|format(total) }} {{ '%g'|format(total) }} {{ '%g'|format(big) }} {{ '%x'|format(n) }} {{ '%i'|format(total) }} {{ '%%'|format() }}",
  ],
  [
    "str format",
    "{{ '{:.2f} {} {!r}'.format(total, deposit, zero) }} {{ '{:,.2f}'.format(total) }} {{ '{}'.format(n) }}",
  ],
  [
    "string",
    "{{ total|string }} {{ n|string }} {{ (total|string)|length }} {{ total ~ ' €' }} {{ n ~ deposit }} {{ [total]|join(',') }}",
  ],
  [
    "compare",
    "{{ total == 1200 }} {{ total == 1200.0 }} {{ zero == count }} {{ zero == false }} {{ deposit < price }} {{ n > total }} {{ 1200 in amounts }} {{ total in ints }}",
  ],
  [
    "tests",
    "{{ total is float }} {{ total is integer }} {{ n is integer }} {{ n is float }} {{ total is number }} {{ total is divisibleby 3 }} {{ zero is sameas zero }}",
  ],
  [
    "divisibleby",
    "{{ 9 is divisibleby 3.0 }} {{ 10 is divisibleby 3 }} {{ price is divisibleby 0.5 }} {{ -total is divisibleby 7 }} {{ true is divisibleby 1 }}",
  ],
  ["divisibleby zero", "{{ n is divisibleby 0 }}"],
  ["divisibleby zero float", "{{ total is divisibleby zero }}"],
  ["divisibleby string", "{{ 'a' is divisibleby 3 }}"],
  [
    "truthiness",
    "{% if zero %}yes{% else %}no{% endif %} {% if total %}yes{% endif %} {{ zero or 'none' }} {{ neg_zero and 'x' }}",
  ],
  [
    "min max sort unique",
    "{{ amounts|max }} {{ amounts|min }} {{ amounts|sort }} {{ [1, 1.0, total, 1200]|unique|list }} {{ [n, 3.0]|unique|list }}",
  ],
  ["tojson", "{{ budget|tojson }} {{ amounts|tojson }} {{ zero|tojson }} {{ neg_zero|tojson }}"],
  ["filesizeformat", "{{ total|filesizeformat }} {{ big|filesizeformat(true) }} {{ n|filesizeformat }}"],
  [
    "dictsort groupby",
    "{{ items|sort(attribute='price')|map(attribute='price')|list }} {% for g in items|groupby('price') %}{{ g.grouper }};{% endfor %}",
  ],
  ["pprint", "{{ amounts|pprint }} {{ total|pprint }}"],
  ["range with float", "{{ range(n)|list }} {{ range(total) }}"],
  ["center", "[{{ total|center(12) }}] [{{ '%-10s'|format(total) }}]"],
  [
    "set and namespace",
    "{% set ns = namespace(acc=0) %}{% for a in amounts %}{% set ns.acc = ns.acc + a %}{% endfor %}{{ ns.acc }}",
  ],
  [
    "integers beyond 2^53",
    "{{ huge }} {{ neg_huge }} {{ edge }} {{ safe }} {{ huge_list }} {{ huge_float }} {{ huge + 1 }} {{ huge * 2 }} {{ huge / 10 }} {{ huge // 10 }} {{ huge is integer }} {{ huge_float is float }}",
  ],
  [
    "integers beyond 2^53 in filters",
    "{{ huge|tojson }} {{ huge_list|tojson }} {{ '%d'|format(huge) }} {{ '{:,}'.format(huge) }} {{ huge|string|length }} {{ huge_list|sum }} {{ huge|filesizeformat }} {{ huge|float }} {{ [huge, edge]|max }}",
  ],
  [
    "money",
    "{{ '%.2f'|format(total * 1.21) }} {{ (total * 0.21)|round(2) }} {{ total|round(2) }} {{ '{:.2f}'.format(deposit / n) }}",
  ],
];

const engine = new TemplateEngine();
const context = parseJson(JSON_CONTEXT) as Record<string, unknown>;
const cases: OracleCase[] = CORPUS.flatMap(([name, source]) =>
  [true, false].map((autoescape) => ({
    id: `${name} [${autoescape ? "html" : "text"}]`,
    source,
    autoescape,
    context: toOracleContext(context) as Record<string, unknown>,
  })),
);
const expected = runJinja2(cases);

describe("numbers from JSON print and compute as Python's", () => {
  it.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const want = expected.get(c.id)!;
    const got = renderOurs(engine, { ...c, context });
    if (want.ok) {
      expect(got.ok ? "" : got.error).toBe("");
      expect(got.ok && got.out).toBe(want.out);
    } else expect(got.ok, `Jinja2 failed with ${want.error}; we rendered ${JSON.stringify(got)}`).toBe(false);
  });

  it("prints the amounts of the issue as written", () => {
    const ctx = parseJson('{"a": 1200.0, "b": 171.0, "c": 0.0, "d": 1200}') as Record<string, unknown>;
    expect(engine.renderString("{{ a }} € {{ b }} € {{ c }} € {{ d }} €", ctx, { autoescape: true })).toBe(
      "1200.0 € 171.0 € 0.0 € 1200 €",
    );
  });
});
