import { beforeAll, describe, expect, it } from "vitest";
import { createTestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

let admin: string;
let receptionist: string;
const N = "/api/v1/notifications";
const UUID = "7b0b3d4e-2a57-4c1e-9d53-0f7bb1c1a111";

const { t, http } = serveTestApp({ env: { SMTP_ALLOW_PRIVATE_HOSTS: "false" } });

beforeAll(async () => {
  const c = await createTestClinic(t.app);
  admin = await tokenFor(t.app, c.clinicId, "admin");
  receptionist = await tokenFor(t.app, c.clinicId, "receptionist");
});

const smtp = {
  provider: "smtp",
  host: "smtp.example.com",
  port: 587,
  username: "u",
  use_tls: true,
  use_ssl: false,
  from_email: "citas@example.com",
  from_name: "Clínica",
};

describe("every problem+json carries a stable code from the catalogue", () => {
  it("unauthorized, forbidden (naming the permission) and not_found (naming the resource)", async () => {
    const none = await http.request("GET", `${N}/logs`);
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ status: 401, code: "unauthorized", title: "Unauthorized" });

    const forbidden = await http.request("GET", `${N}/smtp-settings`, { token: receptionist });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({
      code: "forbidden",
      params: { permission: "notifications.settings.read" },
    });

    const missing = await http.request("GET", `${N}/logs/${UUID}`, { token: admin });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: "not_found", params: { resource: "email log" } });
  });

  it("validation_failed with a code per field: unknown_field, required, invalid_type, too_long", async () => {
    const unknown = await http.request("PUT", `${N}/settings`, {
      token: admin,
      body: { settings: {}, x: 1 },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe("validation_failed");
    expect(unknown.body.errors).toEqual([{ field: "x", code: "unknown_field", message: "unknown field" }]);

    const required = await http.request("POST", `${N}/test`, { token: admin, body: {} });
    expect(required.body.errors[0]).toMatchObject({ field: "to_email", code: "required" });

    const wrongType = await http.request("PUT", `${N}/smtp-settings`, {
      token: admin,
      body: { ...smtp, port: "587" },
    });
    expect(wrongType.body.errors[0]).toMatchObject({ field: "port", code: "invalid_type" });

    const long = await http.request("PUT", `${N}/smtp-settings`, {
      token: admin,
      body: { ...smtp, from_name: "x".repeat(201) },
    });
    expect(long.body.errors[0]).toMatchObject({ field: "from_name", code: "too_long" });
  });

  it("nul_byte and control_characters on the field that holds them", async () => {
    const nul = await http.request("POST", "/api/v1/patients", {
      token: admin,
      body: { first_name: "Ana\u0000" },
    });
    expect(nul.status).toBe(422);
    expect(nul.body.errors[0]).toMatchObject({ field: "first_name", code: "nul_byte" });

    const control = await http.request("POST", "/api/v1/patients", {
      token: admin,
      body: { first_name: "Ana\nGarcía" },
    });
    expect(control.body.errors[0]).toMatchObject({ field: "first_name", code: "control_characters" });
  });

  it("smtp_host_refused on host, invalid_ca_certificate and tls_and_ssl on their fields", async () => {
    const refused = await http.request("PUT", `${N}/smtp-settings`, {
      token: admin,
      body: { ...smtp, host: "127.0.0.1" },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: "smtp_host_refused",
      title: "Invalid request",
      errors: [{ field: "host", code: "smtp_host_refused" }],
    });

    const ca = await http.request("PUT", `${N}/smtp-settings`, {
      token: admin,
      body: { ...smtp, ca_certificate: "not a certificate" },
    });
    expect(ca.status).toBe(422);
    expect(ca.body.errors[0]).toMatchObject({ field: "ca_certificate", code: "invalid_ca_certificate" });

    const both = await http.request("PUT", `${N}/smtp-settings`, {
      token: admin,
      body: { ...smtp, use_ssl: true },
    });
    expect(both.body.errors[0]).toMatchObject({ field: "use_ssl", code: "tls_and_ssl" });
  });

  it("template_syntax on body_html with its line", async () => {
    const res = await http.request("POST", `${N}/templates/preview`, {
      token: admin,
      body: { template_key: "welcome", locale: "es", body_html: "<p>\n{{ name </p>" },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: "template_syntax",
      title: "Invalid template",
      errors: [{ field: "body_html", code: "template_syntax", line: 2 }],
    });
  });

  it("unknown_notification_type on template_key", async () => {
    const res = await http.request("GET", `${N}/templates/effective?template_key=no_such_type&locale=es`, {
      token: admin,
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: "template_key", code: "unknown_notification_type" });
  });

  it("malformed_json, unsupported_media_type and payload_too_large for the body as a whole", async () => {
    const bad = await http.request("PUT", `${N}/settings`, { token: admin, rawBody: "{nope" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: "malformed_json",
      errors: [{ field: "body", code: "malformed_json" }],
    });

    const media = await http.request("PUT", `${N}/settings`, {
      token: admin,
      rawBody: "settings",
      headers: { "content-type": "application/xml" },
    });
    expect(media.status).toBe(415);
    expect(media.body.code).toBe("unsupported_media_type");

    const big = await http.request("PUT", `${N}/settings`, {
      token: admin,
      rawBody: JSON.stringify({ settings: { x: { note: "x".repeat(600 * 1024) } } }),
    });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe("payload_too_large");
  });

  it("not_found for a route that does not exist", async () => {
    const res = await http.request("GET", "/api/v1/nothing-here", { token: admin });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("not_found");
  });
});
