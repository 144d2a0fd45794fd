// A template's syntax error, from the preview and from a save, names the field the user typed it
// in and the line and column within that field (a layout it extends is not counted), with a
// stable reason and the values a UI needs to word it in its own language.
import { beforeAll, describe, expect, it } from "vitest";
import { createTestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

let admin: string;
const N = "/api/v1/notifications";
const KEY = "appointment_confirmation";

const { t, http } = serveTestApp();

beforeAll(async () => {
  const c = await createTestClinic(t.app);
  admin = await tokenFor(t.app, c.clinicId, "admin");
});

const good = {
  subject: "Cita en {{ clinic_name }}",
  body_html: "<p>{{ patient_name }}</p>",
  body_text: null as string | null,
};

/** The field error a preview and a create both answer for this draft (they must agree). */
async function fieldError(draft: Partial<typeof good>) {
  const body = { template_key: KEY, locale: "es", ...good, ...draft };
  const preview = await http.request("POST", `${N}/templates/preview`, { token: admin, body });
  const save = await http.request("POST", `${N}/templates`, { token: admin, body });
  expect(preview.status).toBe(422);
  expect(save.status).toBe(422);
  expect(preview.body.code).toBe("template_syntax");
  expect(save.body.errors).toEqual(preview.body.errors);
  expect(preview.body.errors).toHaveLength(1);
  return preview.body.errors[0];
}

describe("syntax errors are placed in the field and at the line the user typed", () => {
  it("in the subject", async () => {
    const e = await fieldError({ subject: "Cita {{ clinic_name }" });
    expect(e).toMatchObject({ field: "subject", code: "template_syntax", line: 1, column: 21 });
    expect(e.params).toEqual({ reason: "unexpected_token", line: 1, column: 21, found: "}" });
  });

  it("in the HTML body: a missing '}' on line 2 is on line 2, however far the lexer read", async () => {
    const effective = await http.request("GET", `${N}/templates/effective?template_key=${KEY}&locale=es`, {
      token: admin,
    });
    const lines = (effective.body.data.body_html as string).split("\n");
    expect(lines[1]).toMatch(/%\}$/);
    lines[1] = lines[1]!.slice(0, -1);
    const e = await fieldError({ body_html: lines.join("\n") });
    const column = lines[1]!.lastIndexOf("{%") + 1;
    expect(e).toMatchObject({ field: "body_html", line: 2, column });
    expect(e.params).toEqual({ reason: "unclosed_tag", line: 2, column, tag: "{%", expected: "%}" });
    // The English message is for logs and API users; the UI words it from the reason.
    expect(e.message).toContain("(line 2,");
  });

  it("in the text body", async () => {
    const e = await fieldError({ body_text: "Hola\n\n{% if x %}sí{% endfor %}" });
    expect(e).toMatchObject({ field: "body_text", line: 3, column: 16 });
    expect(e.params).toEqual({
      reason: "unexpected_token",
      line: 3,
      column: 16,
      expected: "elif, else, endif",
      found: "endfor",
    });
  });

  it("in a template that extends the shipped layout: the layout's lines are not counted", async () => {
    const e = await fieldError({
      body_html:
        '{% extends "base.html" %}\n{% block content %}\n<p>{{ patient_name|nope }}</p>\n{% endblock %}',
    });
    expect(e).toMatchObject({ field: "body_html", line: 3, column: 20 });
    expect(e.params).toEqual({ reason: "unknown_filter", line: 3, column: 20, name: "nope" });
  });

  it("in an update of the clinic's template, the same", async () => {
    const created = await http.request("POST", `${N}/templates`, {
      token: admin,
      body: { template_key: "welcome", locale: "es", ...good },
    });
    expect(created.status).toBe(201);
    const put = await http.request("PUT", `${N}/templates/${created.body.data.id}`, {
      token: admin,
      body: { body_html: '{% extends "base.html" %}\n{% block content %}\n{% do x() %}\n{% endblock %}' },
    });
    expect(put.status).toBe(422);
    expect(put.body.errors[0]).toMatchObject({
      field: "body_html",
      code: "template_syntax",
      line: 3,
      column: 4,
      params: { reason: "unsupported_tag", name: "do", line: 3, column: 4 },
    });
  });

  it("a render error in the user's block of a layout is at the block's line, with its position as params", async () => {
    const r = await http.request("POST", `${N}/templates/preview`, {
      token: admin,
      body: {
        template_key: KEY,
        locale: "es",
        ...good,
        body_html: '{% extends "base.html" %}\n{% block content %}\n<p>{{ 1 // 0 }}</p>\n{% endblock %}',
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({
      field: "body_html",
      code: "template_render",
      line: 3,
      column: 9,
      params: { line: 3, column: 9 },
    });
  });
});
