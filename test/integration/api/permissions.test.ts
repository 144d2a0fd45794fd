import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS } from "../../../src/core/permissions.js";
import { createTestClinic, type TestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

let clinic: TestClinic;
let patientId: string;

const { t, http } = serveTestApp();

beforeAll(async () => {
  clinic = await createTestClinic(t.app);
  patientId = (
    await t.app.directory.createPatient(clinic.clinicId, { first_name: "Permi", email: "permi@example.com" })
  ).id;
});

const N = "/api/v1/notifications";
type Case = [method: string, path: () => string, permission: string, body?: () => unknown];
const cases: Case[] = [
  ["GET", () => `${N}/smtp-settings`, "notifications.settings.read"],
  ["PUT", () => `${N}/smtp-settings`, "notifications.settings.write", () => ({ provider: "console" })],
  [
    "POST",
    () => `${N}/smtp-settings/test`,
    "notifications.settings.write",
    () => ({ to_email: "x@example.com" }),
  ],
  ["POST", () => `${N}/test`, "notifications.settings.write", () => ({ to_email: "x@example.com" })],
  ["GET", () => `${N}/settings`, "notifications.settings.read"],
  [
    "PUT",
    () => `${N}/settings`,
    "notifications.settings.write",
    () => ({ settings: { welcome: { enabled: true } } }),
  ],
  ["GET", () => `${N}/templates`, "notifications.templates.read"],
  ["GET", () => `${N}/templates/effective?template_key=welcome&locale=es`, "notifications.templates.read"],
  [
    "POST",
    () => `${N}/templates/preview`,
    "notifications.templates.read",
    () => ({ template_key: "welcome", locale: "es" }),
  ],
  [
    "POST",
    () => `${N}/templates`,
    "notifications.templates.write",
    () => ({
      template_key: "welcome",
      locale: "en",
      subject: "Hi {{ patient_name }}",
      body_html: "<p>Hi</p>",
    }),
  ],
  ["GET", () => `${N}/templates/${randomUUID()}`, "notifications.templates.read"],
  ["PUT", () => `${N}/templates/${randomUUID()}`, "notifications.templates.write", () => ({ subject: "x" })],
  ["DELETE", () => `${N}/templates/${randomUUID()}`, "notifications.templates.write"],
  ["GET", () => `${N}/preferences/patient/${patientId}`, "notifications.preferences.read"],
  [
    "PUT",
    () => `${N}/preferences/patient/${patientId}`,
    "notifications.preferences.write",
    () => ({ email_enabled: true }),
  ],
  ["GET", () => `${N}/logs`, "notifications.logs.read"],
  ["GET", () => `${N}/logs/${randomUUID()}`, "notifications.logs.read"],
  ["POST", () => `${N}/logs/${randomUUID()}/retry`, "notifications.send"],
  [
    "POST",
    () => `${N}/send`,
    "notifications.send",
    () => ({ notification_type: "welcome", patient_id: patientId }),
  ],
  [
    "POST",
    () => "/api/v1/events",
    "notifications.events.publish",
    () => ({
      event: "patient.created",
      payload: { patient_id: randomUUID(), patient_email: "e@example.com", patient_name: "Eve Event" },
      idempotency_key: randomUUID(),
    }),
  ],
];

describe("every route checks its permission", () => {
  it.each(cases)("%s %s needs %s", async (method, path, permission, body) => {
    const others = PERMISSIONS.filter((p) => p !== permission);
    const denied = await http.request(method, path(), {
      token: await tokenFor(t.app, clinic.clinicId, null, others),
      body: body?.(),
    });
    expect(denied.status).toBe(403);
    expect(denied.body.detail).toContain(permission);
    const allowed = await http.request(method, path(), {
      token: await tokenFor(t.app, clinic.clinicId, null, [permission]),
      body: body?.(),
    });
    expect([401, 403]).not.toContain(allowed.status);
    expect(allowed.status).toBeLessThan(500);
    const anonymous = await http.request(method, path(), { body: body?.() });
    expect(anonymous.status).toBe(401);
  });

  it("refuses forged, expired and patient-link tokens", async () => {
    const forged = await new (await import("../../../src/core/auth/tokens.js")).TokenService(
      "some-other-secret-key",
    ).signAccess({
      clinicId: clinic.clinicId,
      role: "admin",
      ttlSeconds: 60,
    });
    expect((await http.request("GET", `${N}/logs`, { token: forged })).status).toBe(401);
    const expired = await t.app.tokens.signAccess({
      clinicId: clinic.clinicId,
      role: "admin",
      ttlSeconds: -5,
    });
    expect((await http.request("GET", `${N}/logs`, { token: expired })).body.detail).toMatch(/expired/);
    const link = await t.app.tokens.signPatientLink(clinic.clinicId, patientId, 60);
    expect((await http.request("GET", `${N}/logs`, { token: link })).status).toBe(401);
  });

  it("gives roles the documented defaults: a receptionist can send but not see SMTP settings or templates", async () => {
    const reception = await tokenFor(t.app, clinic.clinicId, "receptionist");
    expect((await http.request("GET", `${N}/smtp-settings`, { token: reception })).status).toBe(403);
    expect((await http.request("GET", `${N}/templates`, { token: reception })).status).toBe(403);
    expect((await http.request("GET", `${N}/logs`, { token: reception })).status).toBe(200);
    const dentist = await tokenFor(t.app, clinic.clinicId, "dentist");
    expect((await http.request("GET", `${N}/templates`, { token: dentist })).status).toBe(200);
    expect((await http.request("POST", `${N}/templates`, { token: dentist, body: {} })).status).toBe(403);
  });
});
