import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailLogs } from "../../../src/core/db/schema.js";
import { formatDate, formatTime } from "../../../src/core/templates/index.js";
import {
  createTestApp,
  createTestClinic,
  drain,
  type TestApp,
  type TestClinic,
  tokenFor,
} from "../../support/app.js";
import { startTestServer, type TestServer } from "../../support/http.js";

let t: TestApp;
let http: TestServer;
let clinic: TestClinic;
let admin: string;
let service: string;

beforeAll(async () => {
  t = await createTestApp();
  http = await startTestServer(t.app);
  clinic = await createTestClinic(t.app);
  admin = await tokenFor(t.app, clinic.clinicId, "admin");
  service = await tokenFor(t.app, clinic.clinicId, null, ["notifications.events.publish"]);
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});
const N = "/api/v1/notifications";

const preview = (subject: string, context: Record<string, unknown>) =>
  http.request("POST", `${N}/templates/preview`, {
    token: admin,
    body: { template_key: "appointment_confirmation", locale: "es", subject, body_html: "<p>x</p>", context },
  });

/** Publishes an appointment.scheduled over HTTP, sends it, and returns the email's log row. */
async function sendEvent(extra: Record<string, unknown>, rawBody?: (json: string) => string) {
  const patientId = randomUUID();
  const body = {
    event: "appointment.scheduled",
    idempotency_key: randomUUID(),
    payload: {
      appointment_id: randomUUID(),
      patient_id: patientId,
      patient_email: "ctx@example.com",
      patient_name: "Ana Contexto",
      start_time: "2026-12-10T10:00:00+01:00",
      ...extra,
    },
  };
  const json = JSON.stringify(body);
  const res = await http.request("POST", "/api/v1/events", {
    token: service,
    rawBody: rawBody ? rawBody(json) : json,
  });
  expect(res.status).toBe(202);
  await drain(t.app);
  const [row] = await t.app.database.db
    .select()
    .from(emailLogs)
    .where(and(eq(emailLogs.clinicId, clinic.clinicId), eq(emailLogs.patientId, patientId)));
  return row!;
}

describe("values the caller gives win over derived ones", () => {
  it("a preview prints the appointment_date and appointment_time of its context", async () => {
    const r = await preview("{{ appointment_date }}|{{ appointment_time }}", {
      appointment_date: "17/06/2025",
      appointment_time: "10:45",
    });
    expect(r.status).toBe(200);
    expect(r.body.data.subject).toBe("17/06/2025|10:45");
  });

  it("a preview derives what its context leaves out from the context's own start_time", async () => {
    const start = new Date("2025-06-17T08:45:00Z");
    const r = await preview("{{ appointment_date }}|{{ appointment_time }}", {
      start_time: start.toISOString(),
      appointment_time: "a las diez",
    });
    expect(r.body.data.subject).toBe(`${formatDate(start, "Europe/Madrid", "es")}|a las diez`);
  });

  it("an event's appointment_date and appointment_time are printed as given", async () => {
    const put = await http.request("POST", `${N}/templates`, {
      token: admin,
      body: {
        template_key: "appointment_confirmation",
        locale: "es",
        subject: "Cita {{ appointment_date }} {{ appointment_time }}",
        body_html: "<p>{{ appointment_date }}</p>",
      },
    });
    expect(put.status).toBe(201);
    const given = await sendEvent({ appointment_date: "17/06/2025", appointment_time: "10:45" });
    expect(given.status).toBe("sent");
    expect(given.subject).toBe("Cita 17/06/2025 10:45");
    const derived = await sendEvent({});
    const start = new Date("2026-12-10T10:00:00+01:00");
    expect(derived.subject).toBe(
      `Cita ${formatDate(start, "Europe/Madrid", "es")} ${formatTime(start, "Europe/Madrid", "es")}`,
    );
  });
});
