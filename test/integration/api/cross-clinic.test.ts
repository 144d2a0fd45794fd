import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestClinic, drain, type TestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

let a: TestClinic;
let b: TestClinic;
let tokenA: string;
let tokenB: string;
const ids: Record<string, string> = {};

const { t, http } = serveTestApp();

beforeAll(async () => {
  a = await createTestClinic(t.app);
  b = await createTestClinic(t.app);
  tokenA = await tokenFor(t.app, a.clinicId, "admin");
  tokenB = await tokenFor(t.app, b.clinicId, "admin");
  // Clinic A's records.
  const patient = await http.request("POST", "/api/v1/patients", {
    token: tokenA,
    body: { first_name: "Alicia", email: "alicia@a.example" },
  });
  ids.patient = patient.body.data.id;
  const appt = await http.request("POST", "/api/v1/appointments", {
    token: tokenA,
    body: {
      patient_id: ids.patient,
      professional_id: a.professionalId,
      start_time: new Date(Date.now() + 86400_000 * 3).toISOString(),
    },
  });
  ids.appointment = appt.body.data.id;
  ids.budget = (
    await http.request("POST", "/api/v1/budgets", {
      token: tokenA,
      body: { patient_id: ids.patient, total: "10.00" },
    })
  ).body.data.id;
  ids.template = (
    await http.request("POST", "/api/v1/notifications/templates", {
      token: tokenA,
      body: {
        template_key: "welcome",
        locale: "es",
        subject: "Hola",
        body_html: "<p>Hola {{ patient_name }}</p>",
      },
    })
  ).body.data.id;
  await drain(t.app);
  ids.log = (await http.request("GET", "/api/v1/notifications/logs", { token: tokenA })).body.data[0].id;
});

const N = "/api/v1/notifications";

describe("one clinic can never read or change another's data", () => {
  const reads: [string, () => string][] = [
    ["patient", () => `/api/v1/patients/${ids.patient}`],
    ["template", () => `${N}/templates/${ids.template}`],
    ["log", () => `${N}/logs/${ids.log}`],
    ["preferences", () => `${N}/preferences/patient/${ids.patient}`],
  ];
  it.each(reads)("GET of clinic A's %s by clinic B is 404", async (_what, path) => {
    expect((await http.request("GET", path(), { token: tokenA })).status).toBe(200);
    const res = await http.request("GET", path(), { token: tokenB });
    expect(res.status).toBe(404);
    expect(res.text).not.toContain("Alicia");
  });

  const writes: [string, string, () => string, () => unknown][] = [
    ["patch patient", "PATCH", () => `/api/v1/patients/${ids.patient}`, () => ({ first_name: "Hacked" })],
    ["cancel appointment", "POST", () => `/api/v1/appointments/${ids.appointment}/cancel`, () => ({})],
    [
      "reschedule appointment",
      "POST",
      () => `/api/v1/appointments/${ids.appointment}/reschedule`,
      () => ({ start_time: new Date().toISOString() }),
    ],
    ["send budget", "POST", () => `/api/v1/budgets/${ids.budget}/send`, () => undefined],
    ["accept budget", "POST", () => `/api/v1/budgets/${ids.budget}/accept`, () => undefined],
    ["update template", "PUT", () => `${N}/templates/${ids.template}`, () => ({ subject: "Hacked" })],
    ["delete template", "DELETE", () => `${N}/templates/${ids.template}`, () => undefined],
    [
      "set preferences",
      "PUT",
      () => `${N}/preferences/patient/${ids.patient}`,
      () => ({ email_enabled: false }),
    ],
    ["retry log", "POST", () => `${N}/logs/${ids.log}/retry`, () => undefined],
    [
      "send to patient",
      "POST",
      () => `${N}/send`,
      () => ({ notification_type: "welcome", patient_id: ids.patient }),
    ],
    [
      "appointment for patient",
      "POST",
      () => "/api/v1/appointments",
      () => ({
        patient_id: ids.patient,
        professional_id: b.professionalId,
        start_time: new Date().toISOString(),
      }),
    ],
    [
      "budget for patient",
      "POST",
      () => "/api/v1/budgets",
      () => ({ patient_id: ids.patient, total: "1.00" }),
    ],
  ];
  it.each(writes)(
    "%s of clinic A by clinic B is 404 and changes nothing",
    async (_what, method, path, body) => {
      const res = await http.request(method, path(), { token: tokenB, body: body() });
      expect(res.status).toBe(404);
    },
  );

  it("left clinic A's records untouched", async () => {
    expect(
      (await http.request("GET", `/api/v1/patients/${ids.patient}`, { token: tokenA })).body.data.first_name,
    ).toBe("Alicia");
    expect(
      (await http.request("GET", `${N}/templates/${ids.template}`, { token: tokenA })).body.data.subject,
    ).toBe("Hola");
    const appts = await http.request("GET", "/api/v1/appointments", { token: tokenA });
    expect(appts.body.data[0].status).toBe("scheduled");
    expect((await http.request("GET", "/api/v1/appointments", { token: tokenB })).body.data).toHaveLength(0);
    expect((await http.request("GET", `${N}/logs`, { token: tokenB })).body.total).toBe(0);
    expect((await http.request("GET", "/api/v1/patients", { token: tokenB })).body.total).toBe(0);
  });

  it("an event naming clinic A's patient from clinic B is a 409 and stores nothing", async () => {
    const res = await http.request("POST", "/api/v1/events", {
      token: tokenB,
      body: {
        event: "patient.created",
        payload: { patient_id: ids.patient, patient_email: "x@b.example", patient_name: "Intruso" },
        idempotency_key: randomUUID(),
      },
    });
    expect(res.status).toBe(409);
    expect(
      (await http.request("GET", `/api/v1/patients/${ids.patient}`, { token: tokenA })).body.data.email,
    ).toBe("alicia@a.example");
  });
});
