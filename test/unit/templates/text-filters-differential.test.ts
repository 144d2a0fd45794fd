/** `urlize` and `wordwrap` byte-identical to Jinja2 3.1 (with and without autoescape). */
import { describe, expect, it } from "vitest";
import { TemplateEngine } from "../../../src/core/templates/jinja/index.js";
import { renderOurs } from "./differential.js";
import { type OracleCase, runJinja2 } from "./oracle.js";

const TEXTS = {
  links:
    "Visit https://example.com/path?a=1&b=2, or www.clinica-sonrisa.es. (see http://example.org/x_(y)) and <http://a.io>!",
  emails:
    "Write to citas@clinica.example or mailto:info@clinica.example; not @foo@bar nor a@b nor x:y@z.com.",
  hosts:
    "example.com example.xyz sub.example.org http://192.168.1.1:8080/p http://[::1]/ http://999.1.1.1 www.x",
  punct:
    "((https://example.com)) https://example.com). https://example.com>. &lt;https://example.com&gt; (www.example.com",
  unicode:
    "Cita en https://clínica.es/ñ y www.例え.jp, correo maría@clínica.es\u00a0https://after-nbsp.com\u3000www.a.com",
  tricky:
    "https://ex.com/a\u2028b\nhttp://x.com\thttps://y.co\r\nftp://files.example.com tel:+34912 sms:123 file:///etc",
  idna: "https://xn--bcher-kva.example http://www.xn--mnchen-3ya.de javascript:alert(1) HTTPS://UPPER.COM WWW.UP.COM",
  prose:
    "Estimada paciente, le recordamos que su cita de revisión está programada para mañana a las 10:30 en nuestra clínica.",
  long: "Supercalifragilisticexpialidocious-antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
  hyphens:
    "state-of-the-art well--known -leading trailing- multi-part-word-with-many-hyphens e-mail x-ray --flag a---b",
  paragraphs:
    "First paragraph is here.\n\nSecond one, which is a bit longer than the first.\r\nThird\rFourth\n",
  spaces: "  leading spaces   and   runs\tof\ttabs  and trailing   ",
  markup: "<b>bold</b> & <i>italic</i> https://example.com/?q=<script>",
  empty: "",
  ws_only: "   \n  \n",
  unicode_wrap:
    "Ärger über Öffnungszeiten — naïve café Ωmega 日本語のテキストがここにあります。 emoji 😀😀😀😀😀😀 end",
};

const TEMPLATES: [string, string][] = [
  ["urlize", "{{ t|urlize }}"],
  ["urlize trim", "{{ t|urlize(15) }}|{{ t|urlize(trim_url_limit=0) }}"],
  ["urlize nofollow target", "{{ t|urlize(nofollow=true, target='_blank') }}"],
  ["urlize rel", "{{ t|urlize(rel='external noopener  me') }}"],
  ["urlize rel escaped", "{{ t|urlize(rel='a\"b', target='x<y') }}"],
  ["urlize extra schemes", "{{ t|urlize(extra_schemes=['ftp://', 'tel:', 'sms:']) }}"],
  ["urlize safe", "{{ t|safe|urlize }}"],
  ["wordwrap default", "{{ t|wordwrap }}"],
  ["wordwrap 20", "{{ t|wordwrap(20) }}"],
  ["wordwrap 10", "{{ t|wordwrap(10) }}"],
  ["wordwrap 5 no long", "{{ t|wordwrap(5, false) }}"],
  ["wordwrap 7 no hyphens", "{{ t|wordwrap(7, break_on_hyphens=false) }}"],
  ["wordwrap 12 wrapstring", "{{ t|wordwrap(12, wrapstring='<br>\n') }}"],
  ["wordwrap 12 safe wrapstring", "{{ t|wordwrap(12, wrapstring='<br>'|safe) }}"],
  ["wordwrap 1", "{{ t|wordwrap(1) }}"],
  ["wordwrap 3 hyphen break", "{{ t|wordwrap(3) }}"],
  ["wordwrap safe input", "{{ t|safe|wordwrap(15) }}"],
];

const ERRORS: [string, string][] = [
  ["urlize bad scheme", "{{ 'x'|urlize(extra_schemes=['no scheme']) }}"],
  ["urlize bad scheme type", "{{ 'x'|urlize(extra_schemes=[1]) }}"],
  ["wordwrap zero width", "{{ 'abc'|wordwrap(0) }}"],
  ["wordwrap not a string", "{{ 12|wordwrap }}"],
  ["wordwrap undefined", "{{ nothing|wordwrap }}"],
  ["urlize number", "{{ 12.5|urlize }}|{{ none|urlize }}|{{ nothing|urlize }}"],
  ["wordwrap empty with zero width", "[{{ ''|wordwrap(0) }}]"],
];

const engine = new TemplateEngine();
const cases: OracleCase[] = [
  ...TEMPLATES.flatMap(([name, source]) =>
    Object.entries(TEXTS).flatMap(([text, t]) =>
      [true, false].map((autoescape) => ({
        id: `${name} / ${text} [${autoescape ? "html" : "text"}]`,
        source,
        autoescape,
        context: { t },
      })),
    ),
  ),
  ...ERRORS.flatMap(([name, source]) =>
    [true, false].map((autoescape) => ({
      id: `${name} [${autoescape ? "html" : "text"}]`,
      source,
      autoescape,
      context: {},
    })),
  ),
];
const expected = runJinja2(cases);

describe("urlize and wordwrap render byte-identical to Jinja2 3.1", () => {
  it.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const want = expected.get(c.id)!;
    const got = renderOurs(engine, c);
    if (want.ok) {
      expect(got.ok ? "" : got.error).toBe("");
      expect(got.ok && got.out).toBe(want.out);
    } else expect(got.ok, `Jinja2 failed with ${want.error}; we rendered ${JSON.stringify(got)}`).toBe(false);
  });
});

describe("urlize and wordwrap take linear time on hostile words", () => {
  const hostile = {
    ats: "a@".repeat(100_000),
    tail: `x${").".repeat(100_000)}a.`,
    parens: `${"(".repeat(100_000)}www.example.com${")".repeat(100_000)}`,
    dots: `www.${"aa.".repeat(100_000)}-`,
    word: "x".repeat(200_000),
    dashes: `a${"-".repeat(200_000)}b`,
  };
  it.each(Object.keys(hostile))("%s", (key) => {
    const started = performance.now();
    const out = engine.renderString(
      "{{ t|urlize|length }} {{ t|wordwrap(1)|length }} {{ t|wordwrap(7)|length }}",
      { t: hostile[key as keyof typeof hostile] },
      { autoescape: true },
    );
    expect(out).toMatch(/^\d+ \d+ \d+$/);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
