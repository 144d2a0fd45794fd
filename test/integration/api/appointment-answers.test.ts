import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { eventInbox } from "../../../src/core/db/schema.js";
import { createLogger } from "../../../src/core/logger.js";
import {
  createTestApp,
  createTestClinic,
  drain,
  eventually,
  pointClinicAtSink,
  type TestApp,
  type TestClinic,
  tokenFor,
} from "../../support/app.js";
import { startTestServer, type TestServer } from "../../support/http.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";

// 11:00 in Madrid: inside the sending window, so reminders go when due.
const clock = new ManualClock(new Date("2026-11-20T10:00:00Z"));
const DAY = 86_400_000;

let t: TestApp;
let http: TestServer;
let sink: SmtpSink;
let clinic: TestClinic;
let other: TestClinic;
let admin: string;
let patientId: string;
const logLines: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ clock });
  (t.app as { logger: unknown }).logger = createLogger(
    "trace",
    new Writable({
      write(chunk, _enc, cb) {
        logLines.push(String(chunk));
        cb();
      },
    }),
  );
  http = await startTestServer(t.app);
  sink = await startSmtpSink();
  clinic = await createTestClinic(t.app, { name: "Clínica Respuestas" });
  other = await createTestClinic(t.app);
  await pointClinicAtSink(t.app, clinic.clinicId, sink.port);
  admin = await tokenFor(t.app, clinic.clinicId, "admin");
  const p = await http.request("POST", "/api/v1/patients", {
    token: admin,
    body: { first_name: "Ana", last_name: "Answer", email: "ana@example.com", preferred_locale: "en" },
  });
  patientId = p.body.data.id;
  await drain(t.app);
});
afterAll(async () => {
  await http?.close();
  await t?.close();
  await sink?.close();
});

const form = { rawBody: "", headers: { "content-type": "application/x-www-form-urlencoded" } };

/** Books an appointment `days` ahead; answers its id and the links of its confirmation email. */
async function book(days = 3) {
  const start = new Date(clock.now().getTime() + days * DAY);
  const res = await http.request("POST", "/api/v1/appointments", {
    token: admin,
    body: { patient_id: patientId, professional_id: clinic.professionalId, start_time: start.toISOString() },
  });
  expect(res.status).toBe(201);
  await drain(t.app);
  const logs = await http.request("GET", `/api/v1/notifications/logs?event_id=${res.body.data.event_id}`, {
    token: admin,
  });
  const log = logs.body.data.find(
    (l: { notification_type: string }) => l.notification_type === "appointment_confirmation",
  );
  expect(log.status).toBe("sent");
  const detail = (await http.request("GET", `/api/v1/notifications/logs/${log.id}`, { token: admin })).body
    .data;
  return { id: res.body.data.id as string, start, logId: log.id as string, ...linksIn(detail.body_html) };
}

function linksIn(html: string) {
  const confirm = /href="https?:\/\/[^/"]+(\/p\/confirm\/[^"]+)"/.exec(html)?.[1];
  const cancel = /href="https?:\/\/[^/"]+(\/p\/cancel\/[^"]+)"/.exec(html)?.[1];
  return { confirm: confirm!, cancel: cancel! };
}

const appointment = async (id: string) => {
  const list = await http.request("GET", `/api/v1/appointments?patient_id=${patientId}&page_size=100`, {
    token: admin,
  });
  return list.body.data.find((a: { id: string }) => a.id === id);
};

/** The answer events published for an appointment. */
const answerEvents = (appointmentId: string) =>
  t.app.database.db
    .select()
    .from(eventInbox)
    .where(
      and(
        eq(eventInbox.clinicId, clinic.clinicId),
        sql`${eventInbox.eventName} in ('appointment.confirmed_by_patient', 'appointment.cancellation_requested')`,
        sql`${eventInbox.payload}->>'appointment_id' = ${appointmentId}`,
      ),
    );

describe("the confirmation email's answer links", () => {
  it("are in the email as sent (buttons in the HTML, lines in the text) and point at one appointment", async () => {
    const a = await book();
    expect(a.confirm).toMatch(/^\/p\/confirm\/[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a.cancel).toBe(a.confirm.replace("/p/confirm/", "/p/cancel/"));
    const mail = await eventually(async () => {
      const m = sink.messages.find((x) => x.raw.includes(a.logId));
      expect(m).toBeDefined();
      return m!;
    });
    expect(mail.html).toContain("Confirm attendance");
    expect(mail.html).toContain("I can&#39;t come");
    expect(mail.text).toContain(`Confirm attendance: http://127.0.0.1:8000${a.confirm}`);
    expect(mail.text).toContain(`I can't come: http://127.0.0.1:8000${a.cancel}`);
  });

  it("GET only asks, in the patient's language, and changes nothing", async () => {
    const a = await book();
    const page = await http.request("GET", a.confirm);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain("Clínica Respuestas");
    expect(page.text).toContain(
      `<form method="post" action="${a.confirm}"><button type="submit">Yes, I will come`,
    );
    const cancelPage = await http.request("GET", a.cancel);
    expect(cancelPage.text).toContain(`<form method="post" action="${a.cancel}">`);
    expect((await appointment(a.id)).patient_response).toBeNull();
    expect(await answerEvents(a.id)).toHaveLength(0);
  });

  it("POST records the answer on the appointment and publishes appointment.confirmed_by_patient once", async () => {
    const a = await book();
    const res = await http.request("POST", a.confirm, form);
    expect(res.status).toBe(200);
    expect(res.text).toContain("Your attendance is confirmed");
    const row = await appointment(a.id);
    expect(row).toMatchObject({
      patient_response: "confirmed",
      patient_responded_at: clock.now().toISOString(),
    });
    const events = await answerEvents(a.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.eventName).toBe("appointment.confirmed_by_patient");
    expect(events[0]!.payload).toMatchObject({
      clinic_id: clinic.clinicId,
      patient_id: patientId,
      patient_email: "ana@example.com",
      patient_name: "Ana Answer",
      appointment_id: a.id,
      start_time: a.start.toISOString(),
      responded_at: clock.now().toISOString(),
      response: "confirmed",
    });
    // The log shows the answer on that appointment's emails.
    const detail = await http.request("GET", `/api/v1/notifications/logs/${a.logId}`, { token: admin });
    expect(detail.body.data).toMatchObject({ patient_response: "confirmed" });
    // A second click shows the answer already given, and records nothing more.
    const again = await http.request("POST", a.confirm, form);
    expect(again.status).toBe(200);
    expect(again.text).toContain("You already confirmed this appointment on");
    expect((await http.request("GET", a.confirm)).text).toContain("You already confirmed");
    expect(await answerEvents(a.id)).toHaveLength(1);
  });

  it("records and publishes once when the button is pressed many times at once", async () => {
    const a = await book();
    const results = await Promise.all(Array.from({ length: 6 }, () => http.request("POST", a.cancel, form)));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(results.filter((r) => r.text.includes("We have passed your message on"))).toHaveLength(1);
    const events = await answerEvents(a.id);
    expect(events.map((e) => e.eventName)).toEqual(["appointment.cancellation_requested"]);
    expect((await appointment(a.id)).patient_response).toBe("cancellation_requested");
  });

  it("lets a confirmed patient say they cannot come; after that, confirming shows the answer given", async () => {
    const a = await book();
    await http.request("POST", a.confirm, form);
    const ask = await http.request("GET", a.cancel);
    expect(ask.text).toContain("You confirmed this appointment on");
    const cancel = await http.request("POST", a.cancel, form);
    expect(cancel.text).toContain("We have passed your message on");
    const confirm = await http.request("POST", a.confirm, form);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain("that you cannot come");
    expect(confirm.text).toContain("+34 910 000 000");
    expect((await answerEvents(a.id)).map((e) => e.eventName).sort()).toEqual([
      "appointment.cancellation_requested",
      "appointment.confirmed_by_patient",
    ]);
    expect((await appointment(a.id)).patient_response).toBe("cancellation_requested");
  });
});

describe("the pages' languages", () => {
  it("speak the patient's language (es, en, fr, pt), each with every word of the answer pages", async () => {
    const words = (locale: string) =>
      JSON.parse(readFileSync(`templates/email/${locale}/locale.json`, "utf8")).pages.answers as Record<
        string,
        string
      >;
    const keys = Object.keys(words("en")).sort();
    for (const locale of ["es", "en", "fr", "pt", "default"])
      expect(Object.keys(words(locale)).sort()).toEqual(keys);
    for (const [locale, lang] of [
      ["es", "es"],
      ["fr", "fr"],
      ["pt", "pt"],
    ] as const) {
      const p = await http.request("POST", "/api/v1/patients", {
        token: admin,
        body: {
          first_name: "Lang",
          last_name: locale,
          email: `lang-${locale}@example.com`,
          preferred_locale: locale,
        },
      });
      const start = new Date(clock.now().getTime() + 3 * DAY);
      const booked = await http.request("POST", "/api/v1/appointments", {
        token: admin,
        body: {
          patient_id: p.body.data.id,
          professional_id: clinic.professionalId,
          start_time: start.toISOString(),
        },
      });
      const link = await t.app.tokens.signAppointmentLink(
        {
          clinicId: clinic.clinicId,
          patientId: p.body.data.id,
          appointmentId: booked.body.data.id,
          startTime: start,
        },
        3600,
      );
      const page = await http.request("GET", `/p/cancel/${link}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`<html lang="${lang}">`);
      const escaped = (text: string) => text.replace(/'/g, "&#39;");
      expect(page.text).toContain(escaped(words(locale).cancelTitle!));
      expect(page.text).toContain(escaped(words(locale).cancelButton!));
    }
  });
});

describe("when the appointment is no longer as the email said", () => {
  it("a link from before a move says the appointment changed and acts on nothing; the move cleared the answer", async () => {
    const a = await book();
    await http.request("POST", a.confirm, form);
    const moved = new Date(a.start.getTime() + DAY);
    const res = await http.request("POST", `/api/v1/appointments/${a.id}/reschedule`, {
      token: admin,
      body: { start_time: moved.toISOString() },
    });
    expect(res.status).toBe(200);
    expect((await appointment(a.id)).patient_response).toBeNull();
    for (const method of ["GET", "POST"]) {
      const page = await http.request(method, a.cancel, method === "POST" ? form : {});
      expect(page.status).toBe(409);
      expect(page.text).toContain("This appointment has changed since this email was sent");
    }
    expect((await appointment(a.id)).patient_response).toBeNull();
    expect(await answerEvents(a.id)).toHaveLength(1);
    // The email about the new time carries links that work.
    await drain(t.app);
    const logs = await http.request(
      "GET",
      "/api/v1/notifications/logs?template_key=appointment_confirmation",
      {
        token: admin,
      },
    );
    const latest = logs.body.data.find(
      (l: { appointment_id: string; appointment_start: string }) =>
        l.appointment_id === a.id && l.appointment_start === moved.toISOString(),
    );
    const detail = await http.request("GET", `/api/v1/notifications/logs/${latest.id}`, { token: admin });
    const fresh = linksIn(detail.body.data.body_html);
    expect(fresh.confirm).not.toBe(a.confirm);
    expect((await http.request("POST", fresh.confirm, form)).status).toBe(200);
    expect((await appointment(a.id)).patient_response).toBe("confirmed");
  });

  it("a cancelled appointment says so", async () => {
    const a = await book();
    await http.request("POST", `/api/v1/appointments/${a.id}/cancel`, { token: admin, body: {} });
    const page = await http.request("POST", a.confirm, form);
    expect(page.status).toBe(409);
    expect(page.text).toContain("This appointment has been cancelled");
    expect(await answerEvents(a.id)).toHaveLength(0);
  });

  it("an appointment whose time has passed says so", async () => {
    const a = await book(1);
    const saved = clock.now();
    clock.advance(DAY + 60_000);
    try {
      for (const method of ["GET", "POST"]) {
        const page = await http.request(method, a.confirm, method === "POST" ? form : {});
        expect(page.status).toBe(410);
        expect(page.text).toContain("The time of this appointment has passed");
      }
      expect(await answerEvents(a.id)).toHaveLength(0);
    } finally {
      clock.set(saved);
    }
  });
});

describe("links that cannot be used", () => {
  it("refuses a malformed (400), forged (404), foreign-clinic (404) or expired (410) link, changing nothing", async () => {
    const a = await book();
    const malformed = await http.request("GET", "/p/confirm/short");
    expect(malformed.status).toBe(400);
    const forged = await http.request("POST", `${a.confirm.slice(0, -3)}xyz`, form);
    expect(forged.status).toBe(404);
    const preferencesToken = await t.app.tokens.signPatientLink(clinic.clinicId, patientId, 3600);
    expect((await http.request("GET", `/p/confirm/${preferencesToken}`)).status).toBe(404);
    const link = { clinicId: clinic.clinicId, patientId, appointmentId: a.id, startTime: a.start };
    const foreign = await t.app.tokens.signAppointmentLink({ ...link, clinicId: other.clinicId }, 3600);
    const foreignPage = await http.request("POST", `/p/confirm/${foreign}`, {
      ...form,
      headers: { ...form.headers, "accept-language": "es-ES,es;q=0.9" },
    });
    expect(foreignPage.status).toBe(404);
    expect(foreignPage.text).toContain("Este enlace no es válido o ha caducado");
    const expired = await t.app.tokens.signAppointmentLink(link, -10);
    expect((await http.request("POST", `/p/cancel/${expired}`, form)).status).toBe(410);
    expect((await appointment(a.id)).patient_response).toBeNull();
    expect(await answerEvents(a.id)).toHaveLength(0);
  });

  it("never writes a link's token to the log", async () => {
    const a = await book();
    await http.request("GET", a.confirm);
    await http.request("POST", a.cancel, form);
    const all = logLines.join("");
    expect(all).toContain("/p/confirm/[redacted]");
    expect(all).toContain("/p/cancel/[redacted]");
    const token = a.confirm.split("/").pop()!;
    expect(all).not.toContain(token.split(".")[2]!);
  });
});

describe("the clinic's switch, per type", () => {
  it("offers patient_links on the confirmation and the reminder only", async () => {
    const types = await http.request("GET", "/api/v1/notifications/types", { token: admin });
    const withLinks = types.body.data.filter((x: { patient_links: boolean }) => x.patient_links);
    expect(withLinks.map((x: { key: string }) => x.key).sort()).toEqual([
      "appointment_confirmation",
      "appointment_reminder",
    ]);
    const settings = await http.request("GET", "/api/v1/notifications/settings", { token: admin });
    expect(settings.body.data.settings.appointment_confirmation.patient_links).toBe(true);
    const bad = await http.request("PUT", "/api/v1/notifications/settings", {
      token: admin,
      body: {
        settings: { welcome: { patient_links: true }, appointment_reminder: { patient_links: "yes" } },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "settings.appointment_reminder.patient_links",
      "settings.welcome.patient_links",
    ]);
  });

  it("leaves the links out of a type switched off, and the reminder carries them while on", async () => {
    const off = await http.request("PUT", "/api/v1/notifications/settings", {
      token: admin,
      body: { settings: { appointment_confirmation: { patient_links: false } } },
    });
    expect(off.status).toBe(200);
    try {
      const start = new Date(clock.now().getTime() + 3 * DAY);
      const res = await http.request("POST", "/api/v1/appointments", {
        token: admin,
        body: {
          patient_id: patientId,
          professional_id: clinic.professionalId,
          start_time: start.toISOString(),
        },
      });
      await drain(t.app);
      const logs = await http.request(
        "GET",
        `/api/v1/notifications/logs?event_id=${res.body.data.event_id}`,
        {
          token: admin,
        },
      );
      const confirmation = logs.body.data.find(
        (l: { notification_type: string }) => l.notification_type === "appointment_confirmation",
      );
      const detail = await http.request("GET", `/api/v1/notifications/logs/${confirmation.id}`, {
        token: admin,
      });
      expect(detail.body.data.status).toBe("sent");
      expect(detail.body.data.body_html).not.toContain("/p/confirm/");
      expect(detail.body.data.body_text).not.toContain("/p/cancel/");
      // The reminder, due a day before, is sent with its links bound to the same start.
      const saved = clock.now();
      clock.advance(2 * DAY + 60_000);
      try {
        await drain(t.app);
        const reminders = await http.request(
          "GET",
          "/api/v1/notifications/logs?template_key=appointment_reminder&status=sent",
          { token: admin },
        );
        const reminder = reminders.body.data.find(
          (l: { appointment_id: string }) => l.appointment_id === res.body.data.id,
        );
        const body = (
          await http.request("GET", `/api/v1/notifications/logs/${reminder.id}`, { token: admin })
        ).body.data;
        const links = linksIn(body.body_html);
        expect((await http.request("POST", links.confirm, form)).status).toBe(200);
        expect((await appointment(res.body.data.id)).patient_response).toBe("confirmed");
      } finally {
        clock.set(saved);
      }
    } finally {
      await http.request("PUT", "/api/v1/notifications/settings", {
        token: admin,
        body: { settings: { appointment_confirmation: { patient_links: true } } },
      });
    }
  });
});
