/**
 * The differential corpus: every construct of the dialect alone and combined, rendered
 * by our engine and by real Jinja2 in both HTML (autoescape) and text mode.
 */
import { dateNames, TemplateDate } from "../../../src/core/templates/jinja/index.js";

export const HOSTILE = {
  patient_name: 'Ana <b>López</b> "A&B"',
  name: "<script>alert('x')</script>",
  q: `"quotes" & 'single'`,
  empty: "",
  zero: 0,
  n: 42,
  neg: -7,
  f: 3.25159,
  big: 1250.5,
  t: true,
  fa: false,
  nil: null,
  items: [
    { description: "Limpieza <dental>", quantity: 1, unit_price: "60.00", total: "60.00" },
    { description: 'Empaste "composite"', quantity: 2, unit_price: "45.50", total: "91.00" },
  ],
  nums: [3, 1, 2, 10, -4],
  floats: [1.5, 2.25, 0.1],
  words: ["banana", "Apple", "cherry", "apple"],
  emptylist: [],
  d: { a: 1, b: "two", c: null, nested: { x: [1, 2] } },
  text: "  Hello   world, this is   a long sentence for truncation tests  ",
  html: "<p>Hello <b>there</b> &amp; <!-- c --> bye</p>",
  total: "1250.00",
  total_formatted: "1.250,00 €",
  unicode: "ñandú 😀 café",
  people: [
    { name: "zoe", age: 30 },
    { name: "Bob", age: 25 },
    { name: "amy", age: 30 },
  ],
};

export function sampleDate(locale: string): TemplateDate {
  return new TemplateDate(
    { year: 2026, month: 12, day: 1, hour: 10, minute: 30, second: 0, microsecond: 0 },
    dateNames(locale),
  );
}

/** [name, source] pairs; each is rendered with HOSTILE (plus `start`, a date) in both modes. */
export const CORPUS: [string, string][] = [
  ["data only", "Hola, mundo.\nSegunda línea\n"],
  ["print name", "Hola {{ patient_name }}!"],
  ["print hostile", "{{ name }} {{ q }}"],
  [
    "print numbers",
    "{{ n }} {{ neg }} {{ f }} {{ big }} {{ zero }} {{ 1.0 }} {{ 1e3 }} {{ 0.1 + 0.2 }} {{ 1_000 }} {{ 0x1F }}",
  ],
  ["print bools none", "{{ t }} {{ fa }} {{ nil }} {{ none }} {{ None }} {{ True }} {{ false }}"],
  [
    "print containers",
    "{{ nums }} {{ words }} {{ d }} {{ items }} {{ (1, 'a') }} {{ (1,) }} {{ [] }} {{ {} }}",
  ],
  ["print undefined", "[{{ missing }}][{{ d.missing }}][{{ nums[99] }}]"],
  [
    "string literals",
    `{{ 'single' }} {{ "double" }} {{ 'it\\'s' }} {{ "tab\\tnl\\n" }} {{ 'a' 'b' }} {{ "\\u00e9\\x41" }}`,
  ],
  ["list literal", "{{ [1, 'two', none, [3]] }} {{ [1, 2,] }}"],
  ["attribute access", "{{ d.a }} {{ d.b }} {{ d.nested.x }} {{ items[0].description }} {{ items.1.total }}"],
  ["item access", "{{ d['b'] }} {{ nums[0] }} {{ nums[-1] }} {{ words[1] }} {{ 'abc'[1] }} {{ unicode[5] }}"],
  [
    "slices",
    "{{ nums[1:3] }} {{ nums[:2] }} {{ nums[::2] }} {{ nums[::-1] }} {{ 'hello'[1:4] }} {{ 'hello'[-3:] }} {{ unicode[:7] }}",
  ],
  [
    "and or not",
    "{{ t and n }} {{ fa or 'x' }} {{ not t }} {{ not empty }} {{ empty or 'dflt' }} {{ zero and 1 }} {{ nil or nil }}",
  ],
  [
    "comparisons",
    "{{ 1 < 2 }} {{ 2 <= 2 }} {{ 3 > 4 }} {{ n >= 42 }} {{ n == 42 }} {{ n != 42 }} {{ 'a' < 'b' }} {{ 1 < 2 < 3 }} {{ 1 < 3 < 2 }} {{ 1 == 1.0 }} {{ [1,2] == [1,2] }} {{ [1,2] < [1,3] }}",
  ],
  [
    "in",
    "{{ 2 in nums }} {{ 5 not in nums }} {{ 'ell' in 'hello' }} {{ 'a' in d }} {{ 'z' in d }} {{ 'x' in missing }}",
  ],
  ["tilde", "{{ 'a' ~ n ~ nil ~ t ~ missing ~ f }} {{ name ~ '!' }} {{ '<b>'|safe ~ name }}"],
  [
    "arithmetic",
    "{{ 1 + 2 }} {{ 7 - 10 }} {{ 3 * 4 }} {{ 7 / 2 }} {{ 8 / 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 2 ** -1 }} {{ 1.5 * 2 }} {{ 'ab' * 3 }} {{ [0] * 3 }} {{ 'a' + 'b' }} {{ [1] + [2] }} {{ -n }} {{ +f }} {{ 7.5 // 2 }} {{ -7.5 % 2 }}",
  ],
  [
    "precedence",
    "{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 2 ** 3 ** 2 }} {{ -2 ** 2 }} {{ not 1 == 2 }} {{ 1 + 2 ~ 3 }} {{ 'a' ~ 1 + 2 }} {{ -nums|length }} {{ 1 if t else 2 }}",
  ],
  [
    "cond expr",
    "{{ 'yes' if t else 'no' }} {{ 'yes' if fa else 'no' }} [{{ 'only' if fa }}] {{ 'a' if fa else 'b' if t else 'c' }} {{ name if t }}",
  ],
  [
    "truthiness",
    "{% for v in [0, 1, '', 'x', [], [0], none, 0.0, {}, {'a': 1}] %}{{ 'T' if v else 'F' }}{% endfor %} {{ 'T' if missing else 'F' }} {{ 'T' if emptylist else 'F' }} {{ 'T' if d else 'F' }}",
  ],
  [
    "if elif else",
    "{% if n > 50 %}big{% elif n > 40 %}medium{% elif n > 10 %}small{% else %}tiny{% endif %}|{% if fa %}a{% else %}b{% endif %}|{% if missing %}x{% endif %}",
  ],
  [
    "if blocks multiline",
    "<ul>\n  {% if t %}\n    <li>{{ name }}</li>\n  {% endif %}\n  {% if fa %}\n    <li>no</li>\n  {% else %}\n    <li>else</li>\n  {% endif %}\n</ul>\n",
  ],
  ["for basic", "{% for x in nums %}{{ x }},{% endfor %}"],
  [
    "for loop vars",
    "{% for w in words %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.length }}/{{ loop.first }}/{{ loop.last }}/{{ loop.revindex }}:{{ w }} {% endfor %}",
  ],
  [
    "for else",
    "{% for x in emptylist %}{{ x }}{% else %}nothing{% endfor %}|{% for x in missing %}{{ x }}{% else %}undef{% endfor %}",
  ],
  [
    "for over dict and string",
    "{% for k in d %}{{ k }}={{ d[k] }};{% endfor %}|{% for c in 'abc' %}{{ c }}-{% endfor %}",
  ],
  [
    "for items",
    "{% for k, v in d.items() %}{{ k }}:{{ v }} {% endfor %}{% for k in d.keys() %}{{ k }}{% endfor %}{% for v in d.values() %}[{{ v }}]{% endfor %}",
  ],
  [
    "for unpack tuples",
    "{% for a, b in [(1, 'x'), (2, 'y')] %}{{ a }}{{ b }}{% endfor %}{% for (a, b) in [[3, 4]] %}{{ a + b }}{% endfor %}",
  ],
  ["for with if filter", "{% for x in nums if x > 1 %}{{ loop.index }}:{{ x }} {% endfor %}"],
  [
    "nested for",
    "{% for i in [1, 2] %}{% for j in ['a', 'b'] %}{{ i }}{{ j }}{{ loop.index }} {% endfor %}{{ loop.last }};{% endfor %}",
  ],
  ["loop cycle", "{% for x in nums %}{{ loop.cycle('odd', 'even') }} {% endfor %}"],
  ["range", "{% for i in range(3) %}{{ i }}{% endfor %} {{ range(2, 10, 3) }} {{ range(5, 0, -2) }}"],
  [
    "for multiline",
    "<table>\n{% for item in items %}\n  <tr>\n    <td>{{ item.description }}</td>\n    <td>{{ item.quantity }}</td>\n  </tr>\n{% endfor %}\n</table>\n",
  ],
  [
    "set inline",
    "{% set x = 5 %}{% set y = x * 2 %}{{ x }} {{ y }}{% set a, b = 1, 2 %} {{ a }}{{ b }}{% set l = [n, name] %} {{ l }}",
  ],
  ["set block", "{% set greeting %}Hola <b>{{ name }}</b>{% endset %}{{ greeting }}|{{ greeting|length }}"],
  ["set block filtered", "{% set shout | upper %}hola {{ name }}{% endset %}{{ shout }}"],
  ["set scoping in for", "{% set c = 0 %}{% for x in nums %}{% set c = c + x %}{{ c }} {% endfor %}{{ c }}"],
  ["set scoping in if", "{% if t %}{% set inner = 'leaks' %}{% endif %}{{ inner }}"],
  ["comments", "a{# comment #}b{#- trimmed -#}  c\n{# full line #}\nd {#+ kept +#} e"],
  ["whitespace control", "a  {{- name -}}  b\n  {%- if t -%}\n  c  \n  {%- endif %}\n  d {{ n }}\n"],
  [
    "lstrip trim blocks",
    "<div>\n    {% if t %}\n        yes\n    {% endif %}\n    {% for x in [1,2] %}\n    {{ x }}\n    {% endfor %}\n</div>",
  ],
  ["lstrip plus", "x\n    {%+ if t %}kept-indent{% endif %}\n  {# c #}\ny\n  {%- if t %} z{% endif %}"],
  ["tag at start of template", "    {% if t %}\nstart\n{% endif %}\n"],
  [
    "raw",
    "{% raw %}{{ not rendered }} {% if %}{% endraw %} after {{ n }}\n  {% raw -%}\n  x {{ y }}\n  {%- endraw %}\n",
  ],
  ["crlf newlines", "line1\r\n{% if t %}\r\n  yes\r\n{% endif %}\r\nend\r\n"],
  ["trailing newline", "one\n\n"],
  [
    "filter default",
    "{{ missing|default('dflt') }} {{ missing|d('d2') }} {{ empty|default('e') }} {{ empty|default('e', true) }} {{ nil|default('n') }} {{ nil|default('n', boolean=true) }} {{ zero|d(5, true) }} {{ n|default(1) }}",
  ],
  [
    "filter length count",
    "{{ nums|length }} {{ words|count }} {{ 'hello'|length }} {{ d|length }} {{ missing|length }} {{ unicode|length }}",
  ],
  [
    "filter case",
    "{{ name|upper }} {{ 'HeLLo wOrld'|lower }} {{ 'hello world-wide (test) [x]'|title }} {{ 'hELLO wORLD'|capitalize }} {{ unicode|upper }} {{ \"o'neil mc-donald\"|title }}",
  ],
  ["filter trim", "[{{ text|trim }}] [{{ '--x--'|trim('-') }}] [{{ '\t x \\n'|trim }}]"],
  [
    "filter replace",
    "{{ 'hello world'|replace('o', '0') }} {{ 'aaa'|replace('a', 'b', 2) }} {{ name|replace('<', '[') }} {{ 'abc'|replace('', '-') }} {{ q|replace('&', 'and') }} {{ 'x<y'|replace('<', '<b>'|safe) }}",
  ],
  [
    "filter truncate",
    "{{ text|truncate(20) }}|{{ text|truncate(20, true) }}|{{ text|truncate(20, false, '…') }}|{{ 'short'|truncate(10) }}|{{ text|truncate(30, leeway=0) }}|{{ 'foo bar baz qux'|truncate(9) }}|{{ 'foo bar baz qux'|truncate(11) }}|{{ 'foo bar baz qux'|truncate(11, False, '...', 0) }}",
  ],
  [
    "filter join",
    "{{ nums|join(', ') }} {{ words|join }} {{ items|join(' / ', attribute='description') }} {{ [name, '<i>'|safe]|join(' & ') }} {{ [1, none, 'x']|join('-') }}",
  ],
  [
    "filter first last",
    "{{ nums|first }} {{ nums|last }} {{ 'abc'|first }} {{ 'abc'|last }} [{{ emptylist|first }}] {{ (items|first).total }}",
  ],
  [
    "filter round",
    "{{ 3.14159|round }} {{ 3.14159|round(2) }} {{ 2.5|round }} {{ 3.5|round }} {{ 2.675|round(2) }} {{ 42.55|round(1, 'floor') }} {{ 42.51|round(1, 'ceil') }} {{ 7|round }} {{ -2.5|round }} {{ 1250.5|round(0, 'floor') }} {{ 0.125|round(2) }}",
  ],
  [
    "filter int float",
    "{{ '42'|int }} {{ '42.9'|int }} {{ 'abc'|int }} {{ 'abc'|int(7) }} {{ 3.99|int }} {{ '0x1A'|int(0, 16) }} {{ ' 12 '|int }} {{ '3.5'|float }} {{ 'x'|float }} {{ 2|float }} {{ total|float }} {{ total|float * 2 }} {{ t|int }} {{ '1_000'|int }}",
  ],
  [
    "filter format",
    "{{ '%s and %s'|format('a', name) }} {{ '%d items'|format(3) }} {{ '%.2f €'|format(total|float) }} {{ '%5s|%-5s|'|format('ab', 'cd') }} {{ '%03d'|format(7) }} {{ '%x %o %e'|format(255, 8, 12345.678) }} {{ '%(a)s-%(b)s'|format(a=1, b=name) }} {{ '%.1f'|format(0.25) }} {{ '%.0f'|format(2.5) }} {{ '%s%%'|format(50) }}",
  ],
  ["percent operator", "{{ '%s/%s' % (1, 2) }} {{ 'n=%d' % n }} {{ '%.3f' % f }} {{ '%r' % name }}"],
  [
    "filter escape safe",
    "{{ name|e }} {{ name|escape }} {{ name|safe }} {{ q|e }} {{ name|e|e }} {{ '<b>x</b>'|safe|upper }} {{ name|safe|length }}",
  ],
  [
    "filter striptags",
    "{{ html|striptags }} {{ '<a href=\"x\">link</a>   text\n more &lt;tag&gt; &#39;q&#39;'|striptags }} {{ name|striptags }}",
  ],
  [
    "filter wordcount",
    "{{ text|wordcount }} {{ 'one, two; three_four 5'|wordcount }} {{ unicode|wordcount }} {{ ''|wordcount }}",
  ],
  ["filter abs", "{{ neg|abs }} {{ -3.5|abs }} {{ (-3.5)|abs }} {{ n|abs }}"],
  [
    "filter min max",
    "{{ nums|min }} {{ nums|max }} {{ words|min }} {{ words|max }} {{ words|max(case_sensitive=true) }} {{ people|min(attribute='age') }} {{ emptylist|max }} {{ 'hello'|max }}",
  ],
  [
    "filter sum",
    "{{ nums|sum }} {{ floats|sum }} {{ items|sum(attribute='quantity') }} {{ nums|sum(start=100) }} {{ emptylist|sum }}",
  ],
  [
    "filter sort",
    "{{ nums|sort }} {{ nums|sort(reverse=true) }} {{ words|sort }} {{ words|sort(case_sensitive=true) }} {% for p in people|sort(attribute='age') %}{{ p.name }} {% endfor %}{% for p in people|sort(attribute='age,name') %}{{ p.name }} {% endfor %}{% for p in people|sort(attribute='age', reverse=true) %}{{ p.name }} {% endfor %}",
  ],
  ["filter list string", "{{ 'abc'|list }} {{ n|string ~ 'x' }} {{ name|string }}"],
  [
    "filter chains",
    "{{ name|upper|replace('SCRIPT', 'x')|truncate(12)|e }} {{ words|sort|join(', ')|upper }} {{ items|length }}",
  ],
  [
    "tests",
    "{{ nil is none }} {{ n is not none }} {{ missing is defined }} {{ n is defined }} {{ missing is undefined }} {{ n is number }} {{ f is number }} {{ name is string }} {{ n is string }} {{ t is number }} {{ d.c is none }} {{ 4 is divisibleby 2 }} {{ 3 is odd }} {{ 3 is even }} {{ d is mapping }} {{ nums is sequence }}",
  ],
  [
    "tests in if",
    "{% if reason is defined and reason %}r{% else %}no reason{% endif %}|{% if nil is not none %}x{% else %}y{% endif %}",
  ],
  [
    "dates",
    "{{ start }} | {{ start.strftime('%d/%m/%Y %H:%M') }} | {{ start.strftime('%A %d de %B de %Y') }} | {{ start.year }}-{{ start.month }} | {{ start.strftime('%a %b %y %I%p %%') }}",
  ],
  [
    "dict literal",
    "{{ {'a': 1, 'b': [2]} }} {{ {'a': 1}['a'] }} {{ {'k': name}.k }} {% set m = {'x': 1.0} %}{{ m.x }} {{ m }}",
  ],
  [
    "engine floats keep type",
    "{% set l = [1.0, 2.0, 10 / 5] %}{{ l }} {{ l[2] }} {{ l|sum }} {% for x in l %}{{ x }} {% endfor %}{{ l|first }} {{ l|sort|last }}",
  ],
  [
    "markup concat",
    "{{ '<b>'|safe ~ '<i>' }} {{ '<b>'|safe + '<i>' }} {{ '<i>' + '<b>'|safe }} {{ ('<b>'|safe) * 2 }} {{ ['<b>'|safe, '<i>'] }}",
  ],
  ["print list of hostile strings", "{{ [name, q, \"it's\", 'say \"hi\"', 'both \\' \"'] }}"],
  [
    "numbers repr",
    "{{ 1/3 }} {{ 2/3 * 3 }} {{ 1e22 }} {{ 123456789012345678 }} {{ 0.000123 }} {{ 1e-7 }} {{ 100.0 }} {{ 1.5e300 * 1e10 }} {{ 12345678901234567.0 }} {{ -0.0 }}",
  ],
  [
    "budget lines",
    "{% for item in items %}\n- {{ item.description }} x{{ item.quantity }}: {{ item.total }} €\n{% endfor %}\nTotal: {{ total_formatted }}\n",
  ],
  [
    "combined email",
    "Hola {{ patient_name|default('paciente') }},\n\n{% if items %}\nTu presupuesto {{ budget_number|default('') }}:\n{% for it in items %}\n  {{ loop.index }}. {{ it.description|e }} ({{ it.quantity }} × {{ it.unit_price }})\n{% endfor %}\n{% endif %}\n{{ '%s total'|format(total_formatted) }}\n",
  ],
  ["undefined errors", "{{ missing.attr }}"],
  ["type errors", "{{ 'a' + 1 }}"],
  ["compare error", "{{ nums|sort(attribute='x') }}{{ [1, 'a']|sort }}"],
  ["division by zero", "{{ 1 / 0 }}"],
  ["none attribute", "[{{ nil.foo }}]"],
  ["unpack error", "{% for a, b in [1, 2] %}{% endfor %}"],
  ["strftime on string", "{{ name.strftime('%Y') }}"],
  [
    "date methods",
    "{{ start.isoformat() }} | {{ start.isoformat(' ') }} | {{ start.isoformat(timespec='minutes') }} | {{ start.isoformat('T', 'milliseconds') }} | {{ start.weekday() }} {{ start.isoweekday() }} | {{ start.ctime() }} | {{ start.strftime('%H'|safe) }}",
  ],
  ["date method with a bad timespec", "{{ start.isoformat(timespec='days') }}"],
  ["date method without its argument", "{{ start.strftime() }}"],
  [
    "set after use in loop",
    "{% for i in [1,2] %}{% if i == 2 %}{{ x }}{% endif %}{% set x = i %}{% endfor %}",
  ],
  ["deep expressions", `{{ ${"(".repeat(30)}1${")".repeat(30)} }} {{ ${"not ".repeat(20)}t }}`],
];
