/**
 * Differential corpus of the whole language the sandbox allows: every tag, filter, test and
 * safe method, with the templates a case may extend, include or import. Examples follow the
 * Jinja2 template documentation's, written for this project, plus edge and error cases.
 */

/** Templates the cases name (a DictLoader on the Python side, the layout lookup on ours). */
export const NAMED: Record<string, string> = {
  "base.html":
    "<html><title>{% block title %}Base{% endblock %}</title>\n<body>\n  {% block content %}base body{% endblock %}\n  <footer>{% block footer %}(c) {{ clinic|default('Clínica') }}{% endblock %}</footer>\n</body></html>\n",
  "alt.html": "ALT[{% block content %}alt{% endblock %}]",
  "middle.html": "{% extends 'base.html' %}{% block footer %}middle+{{ super() }}{% endblock %}",
  "req.html": "<{% block needed required %}{# fill me #}\n{% endblock %}>",
  "scoped.html": "{% for item in seq %}<li>{% block item scoped %}{{ item }}{% endblock %}</li>{% endfor %}",
  "macros.html":
    "{% set greeting = 'Hola' %}{% macro hello(name, punct='!') %}{{ greeting }} {{ name }}{{ punct }}{% endmacro %}{% macro field(name, value='', type='text') %}<input type=\"{{ type }}\" name=\"{{ name }}\" value=\"{{ value|e }}\">{% endmacro %}{% macro ctx() %}[{{ patient_name }}]{% endmacro %}module body",
  "footer.html": "<p>{{ clinic|default('no clinic') }} {{ patient_name }} {{ loopvar|default('-') }}</p>\n",
  "row.html": "{{ item.description }}={{ item.total }};",
  "private.html":
    "{% set _hidden = 'h' %}{% set visible = 'v' ~ _hidden %}{% macro _helper() %}x{% endmacro %}",
  "selfish.html":
    "<title>{% block title %}Base{% endblock %}</title><h1>{{ self.title() }}</h1>{% block body %}{{ self.title()|upper }}{% endblock %}",
  "extends-in-include.html":
    "{% extends 'alt.html' %}{% block content %}inc-{{ patient_name }}{% endblock %}",
};

export const LANGUAGE: [string, string][] = [
  // ---- macro / call ------------------------------------------------------------------------
  ["macro basic", "{% macro hi(name) %}Hola {{ name }}!{% endmacro %}{{ hi(patient_name) }} {{ hi('<b>') }}"],
  [
    "macro defaults",
    "{% macro input(name, value='', type='text', size=20) %}<input type=\"{{ type }}\" name=\"{{ name }}\" value=\"{{ value|e }}\" size=\"{{ size }}\">{% endmacro %}{{ input('username') }}\n{{ input('password', type='password') }}\n{{ input('q', q, size=5) }}",
  ],
  [
    "macro default refers to earlier param",
    "{% macro m(a, b=a * 2) %}{{ a }}/{{ b }}{% endmacro %}{{ m(3) }} {{ m(3, 1) }}",
  ],
  [
    "macro varargs kwargs",
    "{% macro m(a) %}{{ a }}|{{ varargs }}|{{ kwargs|dictsort }}{% endmacro %}{{ m(1) }} {{ m(1, 2, 3, x=4, b='y') }}",
  ],
  ["macro too many args", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}"],
  ["macro unknown kwarg", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, z=2) }}"],
  ["macro missing param", "{% macro m(a, b) %}[{{ a }}][{{ b }}]{% endmacro %}{{ m(1) }}"],
  ["macro attributes", "{% macro m(a, b=1) %}{% endmacro %}{{ m.name }} {{ m.arguments }} {{ m }}"],
  [
    "macro sees closure and context",
    "{% set x = 1 %}{% macro m() %}{{ x }}{{ n }}{% endmacro %}{% set x = 2 %}{{ m() }}{% for n in [7] %}{{ m() }}{% endfor %}",
  ],
  [
    "macro output is markup",
    "{% macro b(t) %}<b>{{ t }}</b>{% endmacro %}{{ b(name) }} {{ b(name)|length }} {{ b('x') ~ '<i>' }}",
  ],
  [
    "macro recursion",
    "{% macro count(n) %}{{ n }}{% if n > 0 %},{{ count(n - 1) }}{% endif %}{% endmacro %}{{ count(5) }}",
  ],
  [
    "macro in loop",
    "{% for p in people %}{% macro tag() %}[{{ p.name }}]{% endmacro %}{{ tag() }}{% endfor %}",
  ],
  [
    "macro multiline",
    "{% macro row(item) %}\n  <tr>\n    <td>{{ item.description }}</td>\n  </tr>\n{% endmacro %}\n<table>\n{% for it in items %}\n{{ row(it) }}\n{% endfor %}\n</table>\n",
  ],
  [
    "call block",
    "{% macro render_dialog(title, class='dialog') %}<div class=\"{{ class }}\"><h2>{{ title }}</h2><div>{{ caller() }}</div></div>{% endmacro %}{% call render_dialog('Hello <World>') %}This is a <simple> dialog {{ name }}.{% endcall %}",
  ],
  [
    "call block with args",
    "{% macro dump_users(users) %}<ul>{% for user in users %}<li>{{ user.name }}: {{ caller(user) }}</li>{% endfor %}</ul>{% endmacro %}{% call(user) dump_users(people) %}age {{ user.age }}{% endcall %}",
  ],
  [
    "call block caller with defaults",
    "{% macro m() %}{{ caller() }}|{{ caller(2) }}{% endmacro %}{% call(x=1, y='z') m() %}{{ x }}{{ y }}{% endcall %}",
  ],
  ["caller undefined", "{% macro m() %}[{{ caller }}]{% endmacro %}{{ m() }}"],
  ["caller called when missing", "{% macro m() %}{{ caller() }}{% endmacro %}{{ m() }}"],
  ["call of non-call", "{% call foo %}x{% endcall %}"],
  // ---- import / from / include --------------------------------------------------------------
  [
    "import module",
    "{% import 'macros.html' as forms %}{{ forms.hello(patient_name) }} {{ forms.field('u', name) }} [{{ forms.greeting }}] [{{ forms.nothing }}]",
  ],
  ["import without context", "{% import 'macros.html' as m %}{{ m.ctx() }}"],
  ["import with context", "{% import 'macros.html' as m with context %}{{ m.ctx() }}"],
  [
    "from import",
    "{% from 'macros.html' import hello, field as input_field %}{{ hello('Ana', punct='?') }}{{ input_field('x') }}",
  ],
  ["from import with context", "{% from 'macros.html' import ctx with context %}{{ ctx() }}"],
  ["from import missing name", "{% from 'macros.html' import nope %}[{{ nope }}]"],
  ["from import missing name called", "{% from 'macros.html' import nope %}{{ nope() }}"],
  ["import module printed", "{% import 'macros.html' as m %}{{ m }}"],
  ["include", "a {% include 'footer.html' %} b"],
  ["include sees loop vars", "{% for loopvar in [1, 2] %}{% include 'footer.html' %}{% endfor %}"],
  ["include without context", "{% set clinic = 'X' %}{% include 'footer.html' without context %}"],
  ["include with context explicit", "{% set clinic = 'X' %}{% include 'footer.html' with context %}"],
  ["include list", "{% include ['missing.html', 'footer.html'] %}"],
  [
    "include ignore missing",
    "[{% include 'missing.html' ignore missing %}][{% include ['a', 'b'] ignore missing with context %}]",
  ],
  ["include missing", "{% include 'missing.html' %}"],
  ["include missing list", "{% include ['a.html', 'b.html'] %}"],
  ["include from variable", "{% set t = 'row.html' %}{% for item in items %}{% include t %}{% endfor %}"],
  ["include that extends", "<{% include 'extends-in-include.html' %}>"],
  ["include undefined name", "{% include missing_var %}"],
  // ---- with / filter / set -----------------------------------------------------------------
  ["with", "{% with a = 1, b = n %}{{ a }}{{ b }}{% endwith %}[{{ a }}]"],
  [
    "with evaluates in the outer scope",
    "{% set a = 'outer' %}{% with a = 'inner', b = a %}{{ a }} {{ b }}{% endwith %} {{ a }}",
  ],
  ["with empty", "{% with %}{% set x = 1 %}{{ x }}{% endwith %}[{{ x }}]"],
  [
    "filter block",
    "{% filter upper %}Hola {{ name }}{% endfilter %}|{% filter replace('a', 'o')|title %}casa blanca{% endfilter %}",
  ],
  ["filter block escape", "{% filter striptags %}<b>x</b> &amp; {{ name }}{% endfilter %}"],
  ["set block filters", "{% set s | trim | upper %}\n  hola {{ name }}\n{% endset %}[{{ s }}]"],
  [
    "namespace",
    "{% set ns = namespace(found=false, n=0) %}{% for x in nums %}{% if x > 2 %}{% set ns.found = true %}{% endif %}{% set ns.n = ns.n + x %}{% endfor %}{{ ns.found }} {{ ns.n }} {{ ns }}",
  ],
  ["namespace from dict", "{% set ns = namespace(d, extra=1) %}{{ ns.a }} {{ ns.extra }}"],
  ["set attribute of non-namespace", "{% set d.x = 1 %}"],
  [
    "cycler",
    "{% set row = cycler('odd', 'even') %}{% for x in nums %}{{ row.next() }} {% endfor %}{{ row.current }}{% do_nothing %}",
  ],
  [
    "cycler ok",
    "{% set row = cycler('odd', 'even') %}{% for x in nums %}{{ row.next() }} {% endfor %}{{ row.current }} {{ row.reset() }}{{ row.current }}",
  ],
  [
    "joiner",
    "{% set pipe = joiner(' | ') %}{% for w in words %}{{ pipe() }}{{ w }}{% endfor %} {% set j = joiner() %}{{ j() }}{{ j() }}",
  ],
  ["dict global", "{{ dict(a=1, b='x') }} {{ dict(d) == d }} {{ dict([('k', 1)]) }}"],
  [
    "range is a sequence",
    "{{ range(3) is sequence }} {{ range(3) is iterable }} {{ range(5)|list }} {{ range(10)[2:5]|list }} {{ range(3)|sum }}",
  ],
  // ---- loops -------------------------------------------------------------------------------
  [
    "recursive loop",
    "<ul>\n{% for item in tree recursive %}\n  <li>{{ item.title }} {{ loop.depth }}/{{ loop.depth0 }}\n  {% if item.children %}\n    <ul>{{ loop(item.children) }}</ul>\n  {% endif %}</li>\n{% endfor %}\n</ul>",
  ],
  [
    "loop changed",
    "{% for p in people|sort(attribute='age') %}{% if loop.changed(p.age) %}[{{ p.age }}]{% endif %}{{ p.name }} {% endfor %}",
  ],
  [
    "loop cycle previtem nextitem",
    "{% for x in nums %}{{ loop.cycle('a', 'b', 'c') }}{{ loop.previtem|default('^') }}{{ x }}{{ loop.nextitem|default('$') }} {% endfor %}",
  ],
  ["call non recursive loop", "{% for x in [1] %}{{ loop([2]) }}{% endfor %}"],
  [
    "for filter and recursive",
    "{% for x in tree if x.title != 'b' recursive %}{{ x.title }}{{ loop(x.children) if x.children }}{% endfor %}",
  ],
  // ---- extends -----------------------------------------------------------------------------
  [
    "extends in if true",
    "{% if t %}{% extends 'base.html' %}{% endif %}pre{% block title %}child{% endblock %}",
  ],
  [
    "extends in if false",
    "{% if fa %}{% extends 'base.html' %}{% endif %}pre{% block title %}child{% endblock %}post",
  ],
  [
    "extends from variable",
    "{% set layout = 'alt.html' %}{% extends layout %}{% block content %}var{% endblock %}",
  ],
  [
    "extends from list (Jinja2 3.1 refuses)",
    "{% extends ['missing.html', 'alt.html'] %}{% block content %}list{% endblock %}",
  ],
  [
    "extends conditional expression",
    "{% extends 'alt.html' if t else 'base.html' %}{% block content %}c{% endblock %}",
  ],
  ["extends twice", "{% extends 'alt.html' %}{% extends 'base.html' %}"],
  ["extends missing", "{% extends 'missing.html' %}"],
  [
    "super chain",
    "{% extends 'middle.html' %}{% block footer %}child+{{ super() }}{% endblock %}{% block content %}{{ super() }}!{% endblock %}",
  ],
  ["required block filled", "{% extends 'req.html' %}{% block needed %}filled{% endblock %}"],
  ["required block missing", "{% extends 'req.html' %}"],
  ["required block with content", "{% block x required %}content{% endblock %}"],
  ["scoped block", "{% extends 'scoped.html' %}{% block item %}[{{ item }}]{% endblock %}"],
  ["scoped block default", "{% include 'scoped.html' %}"],
  ["unscoped block in loop", "{% for item in [1, 2] %}{% block b %}({{ item }}){% endblock %}{% endfor %}"],
  [
    "after extends output dropped",
    "{% extends 'alt.html' %}{% include 'row.html' ignore missing %}{% macro m() %}M{% endmacro %}{% call m() %}{% endcall %}{% for x in [1] %}{{ x }}{% endfor %}{% block content %}b{% endblock %}",
  ],
  [
    "block in child sees top-level set",
    "{% extends 'base.html' %}{% set who = 'Ana' %}{% block title %}{{ who }}{% endblock %}",
  ],
  // ---- errors and identifiers --------------------------------------------------------------
  ["for loop target", "{% for loop in nums %}{% endfor %}"],
  [
    "unicode identifiers",
    "{% set año = 2026 %}{% set ℮ = 'e' %}{% set café = 'c' %}{{ año }} {{ ℮ }} {{ café }}",
  ],
  [
    "star args",
    "{% macro m(a, b) %}{{ a }}{{ b }}{{ varargs }}{% endmacro %}{{ m(*[1, 2, 3]) }} {{ m(**{'a': 1, 'b': 2}) }} {{ m(1, *nums) }}",
  ],
  // ---- names starting with an underscore (only attributes are hidden) -------------------------
  [
    "underscore names",
    "{% set _x = 1 %}{% set _a, _b = 2, 3 %}{{ _x }}{{ _a }}{{ _b }} [{{ _missing }}] {% for _i in nums %}{{ _i }}{% endfor %} {% macro _m(_p, __q=2) %}{{ _p }}{{ __q }}{% endmacro %}{{ _m(1, __q=5) }} {% with _w = 'w' %}{{ _w }}{% endwith %} {{ {'_k': 1}['_k'] }} {% block _blk %}blk{% endblock %} {% set _ns = namespace(n=1) %}{{ _ns.n }} {{ dict(_z=1) }}",
  ],
  ["underscore names not exported", "{% import 'private.html' as p %}{{ p.visible }} [{{ p.hidden }}]"],
  // ---- macro objects ------------------------------------------------------------------------
  [
    "macro object attributes",
    "{% macro m(a, b=2, caller=none) %}{{ varargs }}{{ kwargs }}{% endmacro %}{% macro n() %}{{ caller() }}{% endmacro %}{% macro k() %}{{ caller.name is none }} {{ caller.arguments }} {{ caller.caller }} {{ caller.catch_kwargs }} {{ caller }}{% endmacro %}{{ m.name }} {{ m.arguments }} [{{ m.defaults }}] {{ m.catch_kwargs }} {{ m.catch_varargs }} {{ m.caller }} {{ m.explicit_caller }} {{ n.caller }} {{ n.catch_kwargs }} {{ n.arguments }} {{ m }} {{ m.arguments|join('/') }} [{{ m.nope }}] {% call(x, y=1) k() %}{{ kwargs }}{% endcall %}",
  ],
  // ---- autoescape, print, self ---------------------------------------------------------------
  [
    "autoescape tag",
    "{% macro out() %}{{ '<o>' }}{% endmacro %}{% autoescape false %}{{ name }}{% block b %}{{ name }}{% endblock %}{% macro m() %}{{ '<m>' }}{% endmacro %}{{ m() }}{{ out() }}{{ m()|e }}{% set sb %}{{ '<s>' }}{% endset %}{{ sb }}{{ [m(), '<'|safe]|join }}{{ seq|join(name) }}{% set local = 1 %}{% endautoescape %}[{{ local }}]{% autoescape true %}{{ name }}{{ out() }}{{ none }}{{ nil }}{% include 'footer.html' %}{% endautoescape %}",
  ],
  [
    "autoescape tag from a value",
    "{% autoescape t %}{{ name }}{{ '<c>' }}{% endautoescape %}|{% autoescape fa %}{{ name }}{{ '<c>' }}{{ '<a>' ~ name }}{% endautoescape %}|{% autoescape 'yes' if t else '' %}{{ q }}{% endautoescape %}",
  ],
  [
    "autoescape tag nested in a layout",
    "{% extends 'base.html' %}{% block content %}{% autoescape false %}{{ name }}{% endautoescape %}{{ name }}{% endblock %}",
  ],
  [
    "print tag",
    "{% print name %}|{% print n, '<b>', nil %}|{% for i in nums %}{% print i ~ ',' %}{% endfor %}",
  ],
  [
    "self blocks",
    "{% block title %}Hola {{ patient_name }}{% endblock %}\n<h1>{{ self.title() }}</h1>{{ self.title()|length }} [{{ self.missing is defined }}] {{ self.title is defined }} {{ self }}",
  ],
  ["self in a layout", "{% extends 'selfish.html' %}{% block title %}Child {{ n }}{% endblock %}"],
  ["self calls an undefined block", "{{ self.nope() }}"],
  // lipsum's words are random (from the render's seeded generator here): its shape is compared.
  [
    "lipsum shape",
    "{{ lipsum(3, false, 10, 11).split('\\n\\n')|map('wordcount')|list }} {{ (lipsum(2, min=30, max=31)|string).count('<p>') }} {{ lipsum() is string }} {{ lipsum(1, false, 5, 6)[-1] }} {{ lipsum(html=false, n=1, min=4, max=5)[0] is upper }} {{ lipsum is callable }}",
  ],
  ["lipsum empty range", "{{ lipsum(1, min=5, max=5) }}"],
  ["lipsum bad argument", "{{ lipsum(1.5) }}"],
  [
    "macro attributes of an import",
    "{% import 'macros.html' as lib %}{{ lib.hello.name }} {{ lib.hello.arguments }} {{ lib.field.arguments|length }}",
  ],
];

/** Filters, tests and methods added with the full language. */
export const BUILTINS: [string, string][] = [
  ["filter attr", "{{ people[0]|attr('name') }} [{{ d|attr('a') }}] [{{ d|attr('items') is callable }}]"],
  [
    "filter batch slice",
    "{{ nums|batch(2)|list }} {{ nums|batch(3, 'x')|list }} {{ nums|slice(2)|list }} {{ nums|slice(3, 0)|list }}",
  ],
  ["filter center", "[{{ 'ab'|center(7) }}] [{{ 'abc'|center(8) }}]"],
  [
    "filter dictsort",
    "{{ d|dictsort }} {{ {'b': 1, 'A': 2}|dictsort }} {{ {'b': 1, 'A': 2}|dictsort(true) }} {{ {'a': 2, 'b': 1}|dictsort(by='value', reverse=true) }}",
  ],
  [
    "filter filesizeformat",
    "{{ 1|filesizeformat }} {{ 300|filesizeformat }} {{ 1500|filesizeformat }} {{ 3000000|filesizeformat }} {{ 2048|filesizeformat(true) }} {{ 1e13|filesizeformat }}",
  ],
  ["filter forceescape", "{{ '<b>'|safe|forceescape }} {{ name|forceescape }}"],
  [
    "filter groupby",
    "{% for g in people|groupby('age') %}{{ g.grouper }}:{{ g.list|map(attribute='name')|join(',') }} {% endfor %}{% for age, ps in people|groupby('age') %}{{ age }}={{ ps|length }} {% endfor %}{{ words|groupby('0')|map(attribute='grouper')|list }}",
  ],
  [
    "filter indent",
    "{{ 'a\\nb\\n\\nc'|indent }}|{{ 'a\\nb'|indent(2, true) }}|{{ 'a\\n\\nb'|indent('> ', blank=true) }}",
  ],
  [
    "filter items",
    "{{ d|items|list }} {% for k, v in {'x': 1}|items %}{{ k }}{{ v }}{% endfor %} {{ missing|items|list }}",
  ],
  [
    "filter map",
    "{{ words|map('upper')|join(',') }} {{ people|map(attribute='name')|list }} {{ people|map(attribute='zzz', default='?')|list }} {{ nums|map('string')|join }}",
  ],
  [
    "filter select reject",
    "{{ nums|select('odd')|list }} {{ nums|reject('odd')|list }} {{ [0, 1, '', 'a']|select|list }} {{ nums|select('>', 2)|list }} {{ nums|reject('in', [1, 2])|list }}",
  ],
  [
    "filter selectattr rejectattr",
    "{{ people|selectattr('age', 'eq', 30)|map(attribute='name')|list }} {{ people|rejectattr('age', 'gt', 26)|map(attribute='name')|list }} {{ items|selectattr('quantity')|list|length }}",
  ],
  ["filter pprint", "{{ d|pprint }} {{ [1, 'a']|pprint }} {{ 'x'|pprint }}"],
  [
    "filter pprint wraps a long list",
    "{{ range(40)|list|pprint }}\n{{ (words * 8)|pprint }}\n{{ (people * 3)|pprint }}",
  ],
  [
    "filter pprint wraps a long dict",
    "{{ {'zeta': people, 'alpha': words * 3, 'm': {'b': [1, 2, 3], 'a': 'x' * 30, 'c': {'deep': nums * 6}}}|pprint }}\n{{ dict(a=1, b=2)|pprint }} {{ d|pprint }}",
  ],
  [
    "filter pprint wraps tuples and strings",
    "{{ ((1,) * 30)|pprint }}\n{{ (('x' * 85,),)|pprint }}\n{{ ('lorem ipsum dolor sit amet ' * 8)|pprint }}\n{{ ['lorem ipsum dolor sit amet, consectetur adipiscing elit ' * 3, 'short']|pprint }}\n{{ ('line one\\nline two ' * 10 ~ '\\n' ~ 'y' * 100)|pprint }}\n{{ {'k': 'a b ' * 50}|pprint }}",
  ],
  [
    "filter pprint of other values",
    "{{ (name * 5)|pprint }}\n{{ ((name * 5)|safe)|pprint }}\n{{ [name * 3, nil, t, 1.5, 10 ** 30, unicode * 5]|pprint }}\n{{ (people|groupby('age'))|pprint }}\n{{ range(1000)|pprint }}\n{{ {1: 'a', 'b': 2}|pprint }}\n{{ [[[[1, 2, 3] * 10] * 2] * 2]|pprint }}",
  ],
  ["filter reverse", "{{ nums|reverse|list }} {{ 'abc'|reverse }} {{ name|reverse }}"],
  [
    "filter tojson",
    "{{ d|tojson }} {{ name|tojson }} {{ [1, 2.5, none, true]|tojson }} {{ {'b': 1, 'a': [1]}|tojson(2) }} {{ unicode|tojson }}",
  ],
  [
    "filter unique",
    "{{ words|unique|list }} {{ words|unique(true)|list }} {{ people|unique(attribute='age')|map(attribute='name')|list }}",
  ],
  [
    "filter urlencode",
    "{{ 'a b&c/d'|urlencode }} {{ {'q': 'a b', 'n': 1}|urlencode }} {{ [('k', 'v w')]|urlencode }} {{ unicode|urlencode }}",
  ],
  [
    "filter xmlattr",
    "<ul{{ {'class': 'my list', 'missing': none, 'id': 'list-' ~ n}|xmlattr }}></ul> <p{{ {'title': name}|xmlattr(false) }}>",
  ],
  ["filter xmlattr invalid", "{{ {'a b': 1}|xmlattr }}"],
  ["filter random one item", "{{ [7]|random }}"],
  [
    "tests comparisons",
    "{{ 1 is eq 1 }} {{ 1 is ne 2 }} {{ 1 is lt 2 }} {{ 2 is le 2 }} {{ 3 is gt 2 }} {{ 3 is ge 4 }} {{ 1 is == 1 }} {{ 1 is != 1 }} {{ 1 is equalto 1 }} {{ 1 is greaterthan 0 }} {{ 1 is lessthan 0 }} {{ 1 is < 2 }} {{ 1 is >= 2 }}",
  ],
  [
    "tests in sameas escaped callable",
    "{{ 2 is in nums }} {{ 'a' is in 'abc' }} {{ nil is sameas none }} {{ t is sameas true }} {{ '<b>'|safe is escaped }} {{ name is escaped }} {{ range is callable }} {{ n is callable }}",
  ],
  [
    "tests filter test",
    "{{ 'upper' is filter }} {{ 'nope' is filter }} {{ 'odd' is test }} {{ 'nope' is test }}",
  ],
  [
    "tests select with test names",
    "{{ [1, 'a', none, 2.5]|select('number')|list }} {{ [1, 'a', none]|reject('none')|list }} {{ ['a', 'B']|select('lower')|list }}",
  ],
  [
    "str methods",
    "{{ 'Hola Mundo'.upper() }} {{ 'x'.lower() }} {{ 'hello world'.title() }} {{ \"they're bill's\".title() }} {{ 'hELLO'.capitalize() }} [{{ '  x  '.strip() }}] [{{ '  x  '.lstrip() }}] [{{ '  x  '.rstrip() }}] {{ 'xxhixx'.strip('x') }}",
  ],
  [
    "str methods split",
    "{{ 'a,b,,c'.split(',') }} {{ ' a  b c '.split() }} {{ 'a b c'.split(None, 1) }} {{ 'a,b,c'.rsplit(',', 1) }} {{ 'l1\\nl2\\r\\nl3'.splitlines() }} {{ 'a b c'.rsplit(None, 1) }}",
  ],
  [
    "str methods search",
    "{{ 'hello'.startswith('he') }} {{ 'hello'.endswith(('x', 'lo')) }} {{ 'banana'.count('a') }} {{ 'banana'.find('n') }} {{ 'banana'.rfind('n') }} {{ 'banana'.find('z') }} {{ 'banana'.index('n') }} {{ 'a-b'.replace('-', '+') }} {{ 'aaa'.replace('a', 'b', 2) }}",
  ],
  [
    "str methods pad join",
    "{{ '42'.zfill(5) }} {{ '-42'.zfill(5) }} [{{ 'ab'.center(6, '*') }}] [{{ 'ab'.ljust(4) }}] [{{ 'ab'.rjust(4, '.') }}] {{ ', '.join(words) }} {{ '-'.join('abc') }}",
  ],
  [
    "str methods format",
    "{{ 'Hola {}, tienes {} citas'.format(patient_name, 3) }} {{ '{0}-{0}-{1}'.format('a', 'b') }} {{ '{name}!'.format(name=name) }} {{ '{:.2f} €'.format(1200.0) }} {{ '{:>6}|{:<4}|{:^5}'.format('ab', 1, 'c') }} {{ '{:,}'.format(1234567) }} {{ '{:05d}'.format(42) }} {{ '{0[a]} {1.name}'.format(d, people[0]) }} {{ '{!r}'.format('x') }} {{ '{{}}'.format() }}",
  ],
  [
    "str methods is",
    "{{ '123'.isdigit() }} {{ 'abc'.isalpha() }} {{ 'a1'.isalnum() }} {{ ' '.isspace() }} {{ 'abc'.islower() }} {{ 'ABC'.isupper() }} {{ 'ab'.partition('a') }} {{ 'Hola'.swapcase() }}",
  ],
  [
    "markup methods",
    "{{ ('<b>%s</b>'|safe).replace('%s', name) }} {{ ('<i>'|safe).upper() }} {{ ('a'|safe).join([name, '<b>'|safe]) }}",
  ],
  [
    "dict methods",
    "{{ d.get('a') }} {{ d.get('zz', 'dflt') }} [{{ d.get('zz') }}] {{ d.keys()|list }} {{ d.values()|list|length }} {{ d.items()|list|first }}",
  ],
  [
    "markup methods search with what they are given",
    "{% set m = '<p>a &amp; b</p>'|safe %}{{ m.count('<p>') }} {{ m.find('&') }} {{ m.startswith('<p>') }} {{ m.strip('<>') }} {{ m.partition('&') }} {{ m.replace('&amp;', '<&>') }} {{ m.split('&') }} {{ m.removeprefix('<p>') }} {{ m.index('a') }} {{ m.endswith('</p>'|safe) }} {{ m.center(20, '<') }} {{ m.rjust(17, '&') }} {{ m.lstrip('<p') }}",
  ],
  [
    "copy fromkeys and more str methods",
    "{{ d.copy() }} {{ nums.copy() }} {{ d.fromkeys(['a', 'b'], 0) }} {{ d.fromkeys('xy') }} {% set c = d.copy() %}{{ c == d }} [{{ c.update }}] | {{ 'a\\tbc\\td\\n\\te'.expandtabs(4) }} | {{ 'ab'.isidentifier() }} {{ '1a'.isidentifier() }} {{ 'año'.isidentifier() }} {{ 'ab\\n'.isprintable() }} {{ 'a b'.isprintable() }} {{ unicode.isascii() }} {{ ''.isascii() }} | {{ '{a}-{b}'.format_map({'a': 1, 'b': name}) }} {{ ('{a}'|safe).format_map({'a': name}) }}",
  ],
  ["copy of a tuple", "{{ (1, 2).copy() }}"],
  ["format_map of a list", "{{ '{0}'.format_map(nums) }}"],
  ["list methods", "{{ nums.count(1) }} {{ nums.index(2) }} {{ (1, 2, 1).count(1) }}"],
  ["list index missing", "{{ nums.index(99) }}"],
  ["mutating methods refused", "{{ nums.append(1) }}"],
  ["mutating dict refused", "{{ d.update(a=2) }}"],
  ["str format unsafe attribute", "{{ '{0.__class__}'.format(name) }}"],
];
