import { beforeAll, describe, expect, it } from "vitest";
import { createTestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

/**
 * Templates that hit a sandbox limit, extend a layout that does not exist, or fail at run time
 * are the author's error: 422 naming the field and the limit (or the line), fast, never a 500.
 */

const N = "/api/v1/notifications";
/** What the issue asks of every case, measured from the client, over real HTTP. */
const WITHIN_MS = 2000;

let admin: string;

const { t, http } = serveTestApp();

beforeAll(async () => {
  const c = await createTestClinic(t.app);
  admin = await tokenFor(t.app, c.clinicId, "admin");
  // Starts the render threads, so the cases below measure renders, not thread start-up.
  const warm = await http.request("POST", `${N}/templates/preview`, {
    token: admin,
    body: { template_key: "welcome", locale: "es", subject: "x", body_html: "<p>{{ patient_name }}</p>" },
  });
  expect(warm.status).toBe(200);
});

async function timed(method: string, path: string, body: unknown) {
  const started = performance.now();
  const res = await http.request(method, path, { token: admin, body });
  return { res, ms: performance.now() - started };
}

/** Each case: the HTML body, and what the 422 must say (the limit, the layout or the error). */
const LIMIT_CASES: [string, string, RegExp][] = [
  ["a loop over range(10**9)", "{% for i in range(10**9) %}x{% endfor %}", /memory limit exceeded/],
  [
    "nested loops",
    "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
    /(step|output size) limit exceeded/,
  ],
  ['"x" * 10**9', '{{ "x" * 10**9 }}', /memory limit exceeded/],
  [
    "a string doubled 40 times",
    `{% set s = "x" %}${"{% set s = s ~ s %}".repeat(40)}{{ s }}`,
    /memory limit exceeded/,
  ],
  [
    "a string doubled 40 times inside a list",
    `{% set l = ["x"] %}${"{% set l = [l[0] ~ l[0]] %}".repeat(40)}{{ l[0] }}`,
    /memory limit exceeded/,
  ],
  [
    "a list doubled 40 times",
    `{% set l = [1] %}${"{% set l = l * 2 %}".repeat(40)}{{ l|length }}`,
    /limit exceeded/,
  ],
  ["20,000 chained filters", `{{ patient_name${"|upper".repeat(20_000)} }}`, /nesting depth limit/],
  ["20,000 chained additions", `{{ 1${" + 1".repeat(20_000)} }}`, /nesting depth limit/],
  ["20,000 chained attributes", `{{ patient_name${".x".repeat(20_000)} }}`, /nesting depth limit/],
  ["10,000 chained inline ifs", `{{ 1${" if 1 else 1".repeat(10_000)} }}`, /nesting depth limit/],
  ["5,000 nested ifs", `${"{%if 1%}".repeat(5000)}x${"{%endif%}".repeat(5000)}`, /nesting depth limit/],
  ["5,000 elif branches", `{%if 0%}a${"{%elif 0%}b".repeat(5000)}{%endif%}`, /nesting depth limit/],
  ["(2**4000)**4000", "{{ (2**4000)**4000 }}", /integer size limit exceeded/],
  ['extends "package.json"', '{% extends "package.json" %}', /template 'package\.json' not found/],
  ['extends "/etc/passwd"', '{% extends "/etc/passwd" %}', /template '\/etc\/passwd' not found/],
  ['include "nowhere.html"', '<p>Hola</p>{% include "nowhere.html" %}', /template 'nowhere\.html' not found/],
  [
    'import "nowhere.html"',
    '{% import "nowhere.html" as n %}<p>Hola</p>',
    /template 'nowhere\.html' not found/,
  ],
];

describe("limits and missing layouts over HTTP", () => {
  it.each(LIMIT_CASES)("a preview of %s answers 422 naming it, fast", async (_name, bodyHtml, says) => {
    const { res, ms } = await timed("POST", `${N}/templates/preview`, {
      template_key: "welcome",
      locale: "es",
      subject: "Hola",
      body_html: bodyHtml,
    });
    expect(res.status, res.text).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.errors[0].field).toBe("body_html");
    expect(res.body.errors[0].message).toMatch(says);
    expect(res.body.detail).toMatch(says);
    expect(ms).toBeLessThan(WITHIN_MS);
  });

  it.each(LIMIT_CASES)("saving %s is refused with 422 naming it, fast", async (_name, bodyHtml, says) => {
    const { res, ms } = await timed("POST", `${N}/templates`, {
      template_key: "welcome",
      locale: "en",
      subject: "Hello",
      body_html: bodyHtml,
    });
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors[0].field).toBe("body_html");
    expect(res.body.errors[0].message).toMatch(says);
    expect(ms).toBeLessThan(WITHIN_MS);
  });

  it("refuses such a change to a saved template (PUT), and keeps the saved one", async () => {
    const created = await http.request("POST", `${N}/templates`, {
      token: admin,
      body: { template_key: "budget_sent", locale: "es", subject: "Presupuesto", body_html: "<p>ok</p>" },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.data.id;
    for (const [, bodyHtml, says] of LIMIT_CASES) {
      const { res, ms } = await timed("PUT", `${N}/templates/${id}`, { body_html: bodyHtml });
      expect(res.status, res.text).toBe(422);
      expect(res.body.errors[0].message).toMatch(says);
      expect(ms).toBeLessThan(WITHIN_MS);
    }
    const subject = await timed("PUT", `${N}/templates/${id}`, { subject: '{{ "x" * 10**9 }}' });
    expect(subject.res.status).toBe(422);
    expect(subject.res.body.errors[0]).toMatchObject({ field: "subject" });
    const kept = await http.request("GET", `${N}/templates/${id}`, { token: admin });
    expect(kept.body.data.body_html).toBe("<p>ok</p>");
  });

  it("refuses 50,000 nested ifs by their size (413 past the request limit, 422 past a body's)", async () => {
    const huge = await timed("POST", `${N}/templates/preview`, {
      template_key: "welcome",
      locale: "es",
      body_html: `${"{%if 1%}".repeat(50_000)}x${"{%endif%}".repeat(50_000)}`,
    });
    expect(huge.res.status).toBe(413);
    expect(huge.res.body.errors[0].field).toBe("body");
    expect(huge.ms).toBeLessThan(WITHIN_MS);
    // As many as a body may hold: refused for its size, with the limit named.
    const big = await timed("POST", `${N}/templates/preview`, {
      template_key: "welcome",
      locale: "es",
      body_html: `${"{%if 1%}".repeat(12_000)}x${"{%endif%}".repeat(12_000)}`,
    });
    expect(big.res.status).toBe(422);
    expect(big.res.body.errors[0]).toMatchObject({ field: "body_html" });
    expect(big.res.body.errors[0].message).toMatch(/200000 characters/);
    expect(big.ms).toBeLessThan(WITHIN_MS);
  });

  it("names the text body when the limit is hit there", async () => {
    const { res } = await timed("POST", `${N}/templates/preview`, {
      template_key: "welcome",
      locale: "es",
      body_html: "<p>ok</p>",
      body_text: "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: "body_text" });
    expect(res.body.errors[0].message).toMatch(/step limit exceeded/);
  });
});

describe("runtime errors over HTTP", () => {
  const RUNTIME: [string, string, RegExp][] = [
    ["{{ 1/0 }}", "<p>Hola</p>\n<p>{{ 1/0 }}</p>", /division by zero/],
    ["an attribute of an undefined value", "<p>Hola</p>\n{{ nothing.foo.bar }}", /'nothing' is undefined/],
    ["'x'|int added to a string", "<p>Hola</p>\n{{ 'x'|int + 'y' }}", /unsupported operand type/],
    ["an undefined value through int", "<p>Hola</p>\n{{ nothing|int }}", /'nothing' is undefined/],
  ];

  it.each(RUNTIME)("a preview of %s answers 422 naming the line", async (_name, bodyHtml, says) => {
    const { res, ms } = await timed("POST", `${N}/templates/preview`, {
      template_key: "welcome",
      locale: "es",
      subject: "Hola",
      body_html: bodyHtml,
    });
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: "body_html", line: 2 });
    expect(res.body.errors[0].message).toMatch(says);
    expect(res.body.detail).toMatch(/line 2/);
    expect(ms).toBeLessThan(WITHIN_MS);
  });

  it("names the subject when the error is in the subject", async () => {
    const { res } = await timed("POST", `${N}/templates/preview`, {
      template_key: "welcome",
      locale: "es",
      subject: "Hola {{ 1 // 0 }}",
      body_html: "<p>ok</p>",
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: "subject", line: 1, column: 11 });
  });

  it("saves a template that includes a missing template with ignore missing", async () => {
    const res = await http.request("POST", `${N}/templates`, {
      token: admin,
      body: {
        template_key: "appointment_cancelled",
        locale: "es",
        subject: "Cita anulada",
        body_html: '{% include "nowhere.html" ignore missing %}<p>{{ patient_name }}</p>',
      },
    });
    expect(res.status, res.text).toBe(201);
  });

  it("saves a template whose error depends on the data (the preview shows it)", async () => {
    const res = await http.request("POST", `${N}/templates`, {
      token: admin,
      body: {
        template_key: "appointment_reminder",
        locale: "es",
        subject: "Recordatorio",
        body_html: "<p>{{ 100 / visits }}</p>",
      },
    });
    expect(res.status, res.text).toBe(201);
  });
});
