import { beforeAll, describe, expect, it } from "vitest";
import { createTestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

let operator: string;
let admin: string;
const S = "/api/v1/notifications/system-templates";

const { t, http } = serveTestApp();

beforeAll(async () => {
  const c = await createTestClinic(t.app);
  admin = await tokenFor(t.app, c.clinicId, "admin");
  operator = await t.app.tokens.signInstallation({
    permissions: ["notifications.system_templates.write"],
    ttlSeconds: 600,
  });
});

const welcome = {
  subject: "Bienvenido a {{ clinic_name }} (plantilla del sistema)",
  body_html: "<p>Hola {{ patient_name }}, te damos la bienvenida.</p>",
  body_text: "Hola {{ patient_name }}",
};

const effective = async () =>
  (
    await http.request("GET", "/api/v1/notifications/templates/effective?template_key=welcome&locale=es", {
      token: admin,
    })
  ).body.data;

describe("system templates", () => {
  it("an installation token creates, replaces, lists and deletes them; the clinic sees the layer", async () => {
    expect((await effective()).source).toBe("file");
    const created = await http.request("PUT", `${S}/welcome/es`, { token: operator, body: welcome });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ template_key: "welcome", locale: "es", is_active: true });
    const replaced = await http.request("PUT", `${S}/welcome/es`, {
      token: operator,
      body: { ...welcome, subject: "Bienvenido (v2)" },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.data.id).toBe(created.body.data.id);

    const list = await http.request("GET", S, { token: operator });
    expect(list.body.data.map((r: { subject: string }) => r.subject)).toEqual(["Bienvenido (v2)"]);

    const eff = await effective();
    expect(eff).toMatchObject({ source: "system", template_id: created.body.data.id });

    // The clinic sees it in its list, and cannot change it.
    const clinicList = await http.request("GET", "/api/v1/notifications/templates?template_key=welcome", {
      token: admin,
    });
    expect(clinicList.body.data.some((r: { id: string }) => r.id === created.body.data.id)).toBe(true);

    const deleted = await http.request("DELETE", `${S}/welcome/es`, { token: operator });
    expect(deleted.status).toBe(204);
    expect((await effective()).source).toBe("file");
    expect((await http.request("DELETE", `${S}/welcome/es`, { token: operator })).status).toBe(404);
  });

  it("checks the syntax and the type like the clinic routes do", async () => {
    const bad = await http.request("PUT", `${S}/welcome/es`, {
      token: operator,
      body: { ...welcome, body_html: "<p>{% if %}</p>" },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("body_html");
    const unknown = await http.request("PUT", `${S}/tooth_extracted/es`, { token: operator, body: welcome });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe("template_key");
  });

  it("no clinic token reaches them, not even an admin's listing the permission", async () => {
    const sneaky = await tokenFor(t.app, (await createTestClinic(t.app)).clinicId, null, [
      "notifications.system_templates.write",
      "notifications.templates.write",
    ]);
    for (const token of [admin, sneaky]) {
      expect((await http.request("GET", S, { token })).status).toBe(401);
      expect((await http.request("PUT", `${S}/welcome/es`, { token, body: welcome })).status).toBe(401);
      expect((await http.request("DELETE", `${S}/welcome/es`, { token })).status).toBe(401);
    }
    // And the installation token is no clinic token either.
    expect((await http.request("GET", "/api/v1/notifications/templates", { token: operator })).status).toBe(
      401,
    );
    const none = await t.app.tokens.signInstallation({ permissions: [], ttlSeconds: 60 });
    expect((await http.request("GET", S, { token: none })).status).toBe(403);
  });
});
