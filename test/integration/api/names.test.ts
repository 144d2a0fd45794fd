import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createClinic } from "../../../src/modules/directory/clinics-repo.js";
import { createTestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

let staff: string;
let service: string;

const { t, http } = serveTestApp();

beforeAll(async () => {
  const clinic = await createTestClinic(t.app);
  staff = await tokenFor(t.app, clinic.clinicId, "receptionist");
  service = await tokenFor(t.app, clinic.clinicId, null, ["notifications.events.publish"]);
});

const HOSTILE = [
  "Eve\r\nBcc: evil@x.example",
  "Eve\nX",
  "Eve\rX",
  "Eve\u0000",
  "Eve\tX",
  "Eve\u2028X",
  "Eve\u0085X",
];

function expect422(
  res: { status: number; headers: Headers; body: { errors?: unknown[] } },
  field: string,
  label: string,
) {
  expect(res.status, label).toBe(422);
  expect(res.headers.get("content-type"), label).toContain("application/problem+json");
  // NUL has its own message where the request's guard meets it first; the field is named either way.
  expect(res.body.errors, label).toContainEqual(
    expect.objectContaining({ field, message: expect.stringMatching(/^must not contain /) }),
  );
}

describe("names with line breaks or control characters are refused at input", () => {
  it("POST /patients: 422 naming first_name or last_name, and nothing stored", async () => {
    for (const bad of HOSTILE) {
      const label = JSON.stringify(bad);
      expect422(
        await http.request("POST", "/api/v1/patients", { token: staff, body: { first_name: bad } }),
        "first_name",
        label,
      );
      expect422(
        await http.request("POST", "/api/v1/patients", {
          token: staff,
          body: { first_name: "Eve", last_name: bad },
        }),
        "last_name",
        label,
      );
    }
    const list = await http.request("GET", "/api/v1/patients?q=Eve", { token: staff });
    expect(list.body.total).toBe(0);
  });

  it("PATCH /patients/{id}: 422 naming the field, and the stored name unchanged", async () => {
    const created = await http.request("POST", "/api/v1/patients", {
      token: staff,
      body: { first_name: "Ana", last_name: "García" },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    for (const bad of HOSTILE) {
      const label = JSON.stringify(bad);
      expect422(
        await http.request("PATCH", `/api/v1/patients/${id}`, { token: staff, body: { first_name: bad } }),
        "first_name",
        label,
      );
      expect422(
        await http.request("PATCH", `/api/v1/patients/${id}`, { token: staff, body: { last_name: bad } }),
        "last_name",
        label,
      );
    }
    const read = await http.request("GET", `/api/v1/patients/${id}`, { token: staff });
    expect([read.body.data.first_name, read.body.data.last_name]).toEqual(["Ana", "García"]);
  });

  it("POST /professionals: 422 naming first_name or last_name", async () => {
    for (const bad of HOSTILE) {
      const label = JSON.stringify(bad);
      expect422(
        await http.request("POST", "/api/v1/professionals", { token: staff, body: { first_name: bad } }),
        "first_name",
        label,
      );
      expect422(
        await http.request("POST", "/api/v1/professionals", {
          token: staff,
          body: { first_name: "Luis", last_name: bad },
        }),
        "last_name",
        label,
      );
    }
  });

  it("POST /events: 422 naming payload.patient_name or payload.professional_name", async () => {
    const event = (payload: Record<string, unknown>) => ({
      event: "appointment.scheduled",
      idempotency_key: randomUUID(),
      payload: {
        appointment_id: randomUUID(),
        patient_id: randomUUID(),
        patient_email: "eve@example.com",
        patient_name: "Eve Example",
        start_time: "2030-12-10T10:00:00+01:00",
        ...payload,
      },
    });
    for (const bad of HOSTILE) {
      const label = JSON.stringify(bad);
      expect422(
        await http.request("POST", "/api/v1/events", { token: service, body: event({ patient_name: bad }) }),
        "payload.patient_name",
        label,
      );
      expect422(
        await http.request("POST", "/api/v1/events", {
          token: service,
          body: event({ professional_name: bad }),
        }),
        "payload.professional_name",
        label,
      );
    }
  });

  it("accepts quotes, colons, semicolons and commas: they are ordinary in names and made safe on output", async () => {
    const res = await http.request("POST", "/api/v1/patients", {
      token: staff,
      body: { first_name: 'Eve": mailto:evil@x.example;X="', last_name: "O'Brien, Jr." },
    });
    expect(res.status).toBe(201);
    expect(res.body.data.first_name).toBe('Eve": mailto:evil@x.example;X="');
  });

  it("a clinic's name with a line break is refused wherever a clinic is created", async () => {
    await expect(
      createClinic(t.app.database.db, { name: "Sol\r\nBcc: evil@x.example", timezone: "Europe/Madrid" }),
    ).rejects.toMatchObject({ status: 422, errors: [{ field: "name" }] });
  });
});
