import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { jsonWithFloats } from "../../../src/core/db/json.js";
import { emailLogs } from "../../../src/core/db/schema.js";
import { parseJson, stringifyJson } from "../../../src/core/json-floats.js";
import { formatDate, formatTime } from "../../../src/core/templates/index.js";
import { createTestClinic, drain, type TestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

/** The appointments below have fixed dates: the clock stands before them, whatever today is. */
const START = new Date("2026-11-25T09:00:00Z");
const clock = new ManualClock(START);
let clinic: TestClinic;
let admin: string;
let service: string;

const { t, http } = serveTestApp({ clock });

beforeAll(async () => {
  clinic = await createTestClinic(t.app);
  admin = await tokenFor(t.app, clinic.clinicId, "admin");
  service = await tokenFor(t.app, clinic.clinicId, null, ["notifications.events.publish"]);
});
const N = "/api/v1/notifications";

/** Bodies are written with stringifyJson: a boxed Number goes as `1200.0`, as a platform writes it. */
const preview = (subject: string, context: Record<string, unknown>) =>
  http.request("POST", `${N}/templates/preview`, {
    token: admin,
    rawBody: stringifyJson({
      template_key: "appointment_confirmation",
      locale: "es",
      subject,
      body_html: "<p>x</p>",
      context,
    }),
  });

/** Publishes an appointment.scheduled over HTTP, sends it, and returns the email's log row. */
async function sendEvent(extra: Record<string, unknown>) {
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
  const res = await http.request("POST", "/api/v1/events", { token: service, rawBody: stringifyJson(body) });
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

describe("numbers keep the float-ness their JSON wrote", () => {
  const floats = parseJson(
    '{"total": 1200.0, "deposit": 171.0, "zero": 0.0, "n": 3, "price": 171.5}',
  ) as Record<string, unknown>;
  const subject =
    "{{ total }} € {{ deposit }} € {{ zero }} € {{ n }} {{ price }} {{ total + n }} {{ '%.2f'|format(total) }}";
  const printed = "1200.0 € 171.0 € 0.0 € 3 171.5 1203.0 1200.00";

  it("from an event's payload, through the inbox and the outbox, to the email", async () => {
    const own = await createTestClinic(t.app);
    const staff = await tokenFor(t.app, own.clinicId, "admin");
    const put = await http.request("POST", `${N}/templates`, {
      token: staff,
      body: {
        template_key: "appointment_confirmation",
        locale: "es",
        subject,
        body_html: "<p>{{ total }} €</p>",
      },
    });
    expect(put.status).toBe(201);
    const patientId = randomUUID();
    const res = await http.request("POST", "/api/v1/events", {
      token: await tokenFor(t.app, own.clinicId, null, ["notifications.events.publish"]),
      rawBody: stringifyJson({
        event: "appointment.scheduled",
        idempotency_key: randomUUID(),
        payload: {
          appointment_id: randomUUID(),
          patient_id: patientId,
          patient_email: "floats@example.com",
          patient_name: "Flo Tante",
          start_time: "2026-12-10T10:00:00+01:00",
          duration_minutes: 30.0,
          ...floats,
        },
      }),
    });
    expect(res.status).toBe(202);
    await drain(t.app);
    const [row] = await t.app.database.db
      .select()
      .from(emailLogs)
      .where(and(eq(emailLogs.clinicId, own.clinicId), eq(emailLogs.patientId, patientId)));
    expect(row!.status).toBe("sent");
    expect(row!.subject).toBe(printed);
    expect(row!.bodyHtml).toContain("1200.0 €");
  });

  it("from a preview's context", async () => {
    const r = await preview(subject, floats);
    expect(r.status).toBe(200);
    expect(r.body.data.subject).toBe(printed);
  });

  it("a body without floats is read as before, and one that is not JSON is still refused", async () => {
    const plain = await preview("{{ n }} {{ total }}", { n: 3, total: 1200 });
    expect(plain.body.data.subject).toBe("3 1200");
    const bad = await http.request("POST", `${N}/templates/preview`, {
      token: admin,
      rawBody: '{"context": 1.0,',
    });
    expect(bad.status).toBe(400);
    const poisoned = await http.request("POST", `${N}/templates/preview`, {
      token: admin,
      rawBody: '{"template_key": "welcome", "locale": "es", "context": {"__proto__": {"x": 1.0}}}',
    });
    expect(poisoned.status).toBe(400);
  });
});

describe("integers beyond 2^53 print exactly, as Python's", () => {
  it("from a preview's context", async () => {
    const r = await preview("{{ ref }} {{ ref + 1 }} {{ neg }} {{ ids }}", {
      ...(parseJson(
        '{"ref": 12345678901234567890, "neg": -9007199254740993, "ids": [9007199254740993]}',
      ) as Record<string, unknown>),
    });
    expect(r.status).toBe(200);
    expect(r.body.data.subject).toBe(
      "12345678901234567890 12345678901234567891 -9007199254740993 [9007199254740993]",
    );
  });
});

describe("a moved reminder keeps the numbers its first event wrote", () => {
  it("floats and big integers the rescheduling event does not repeat print as written", async () => {
    const own = await createTestClinic(t.app);
    const staff = await tokenFor(t.app, own.clinicId, "admin");
    const put = await http.request("POST", `${N}/templates`, {
      token: staff,
      body: {
        template_key: "appointment_reminder",
        locale: "es",
        subject: "{{ total }} € {{ deposit }} € {{ ref }}",
        body_html: "<p>{{ total }}</p>",
      },
    });
    expect(put.status).toBe(201);
    const publisher = await tokenFor(t.app, own.clinicId, null, ["notifications.events.publish"]);
    const ids = { appointment_id: randomUUID(), patient_id: randomUUID() };
    const publish = async (event: string, payload: Record<string, unknown>) => {
      const res = await http.request("POST", "/api/v1/events", {
        token: publisher,
        rawBody: stringifyJson({
          event,
          idempotency_key: randomUUID(),
          payload: { ...ids, patient_email: "moved@example.com", patient_name: "Mo Vida", ...payload },
        }),
      });
      expect(res.status).toBe(202);
      await drain(t.app);
    };
    await publish("appointment.scheduled", {
      start_time: "2026-12-20T10:00:00+01:00",
      ...(parseJson('{"total": 1200.0, "deposit": 171.0, "ref": 12345678901234567890}') as object),
    });
    await publish("appointment.rescheduled", {
      start_time: "2026-12-21T10:00:00+01:00",
      previous_start_time: "2026-12-20T10:00:00+01:00",
      ...(parseJson('{"deposit": 50.0}') as object),
    });
    const reminder = () =>
      t.app.database.db
        .select({
          status: emailLogs.status,
          subject: emailLogs.subject,
          context: jsonWithFloats(emailLogs.context),
        })
        .from(emailLogs)
        .where(
          and(
            eq(emailLogs.clinicId, own.clinicId),
            eq(emailLogs.patientId, ids.patient_id),
            eq(emailLogs.notificationType, "appointment_reminder"),
          ),
        );
    const [moved] = await reminder();
    expect(moved!.status).toBe("pending");
    expect(moved!.context.total).toEqual(new Number(1200));
    expect(moved!.context.deposit).toEqual(new Number(50));
    expect(moved!.context.ref).toBe(12345678901234567890n);
    // The reminder's time (a day before the new start) comes: it is sent with those numbers.
    clock.set(new Date("2026-12-20T12:00:00Z"));
    try {
      await drain(t.app);
      const [sent] = await reminder();
      expect(sent!.status).toBe("sent");
      expect(sent!.subject).toBe("1200.0 € 50.0 € 12345678901234567890");
    } finally {
      clock.set(START);
    }
  });
});
