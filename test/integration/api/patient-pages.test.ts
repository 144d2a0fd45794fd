import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestClinic, drain, eventually, pointClinicAtSink, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";

let sink: SmtpSink;
let clinicId: string;
let admin: string;
let patientId: string;
let preferencesPath: string;
let unsubscribePath: string;

const { t, http } = serveTestApp();

beforeAll(async () => {
  sink = await startSmtpSink();
  ({ clinicId } = await createTestClinic(t.app, { name: "Clínica Enlaces" }));
  await pointClinicAtSink(t.app, clinicId, sink.port);
  admin = await tokenFor(t.app, clinicId, "admin");
  const p = await http.request("POST", "/api/v1/patients", {
    token: admin,
    body: { first_name: "Elena", last_name: "Link", email: "elena@example.com", preferred_locale: "en" },
  });
  patientId = p.body.data.id;
  await drain(t.app);
  await http.request("POST", "/api/v1/notifications/send", {
    token: admin,
    body: { notification_type: "welcome", patient_id: patientId },
  });
  const mail = await eventually(async () => {
    const m = sink.messages.find((x) => x.envelope.rcptTo.includes("elena@example.com"));
    expect(m).toBeDefined();
    return m!;
  });
  preferencesPath = new URL(/href="([^"]*\/p\/preferences\/[^"]+)"/.exec(String(mail.html))![1]!).pathname;
  unsubscribePath = new URL(/<([^>]+\/p\/unsubscribe\/[^>]+)>/.exec(mail.raw.replace(/\r\n\s+/g, " "))![1]!)
    .pathname;
});
afterAll(async () => {
  await sink?.close();
});

const prefs = async () =>
  (await http.request("GET", `/api/v1/notifications/preferences/patient/${patientId}`, { token: admin })).body
    .data;

describe("the patient's own links", () => {
  it("opens a preferences page in the patient's language with the clinic's name", async () => {
    const page = await http.request("GET", preferencesPath);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.text).toContain("Clínica Enlaces");
    expect(page.text).toContain("Appointment reminders");
    expect(page.text).toMatch(
      /<label[^>]*>\s*<input type="checkbox" name="type_appointment_reminder" value="on" checked>/,
    );
  });

  it("saves the form: reminders off, everything else on", async () => {
    const form = new URLSearchParams({
      email_enabled: "on",
      type_appointment_confirmation: "on",
      type_welcome: "on",
      preferred_locale: "en",
    });
    const res = await http.request("POST", preferencesPath, {
      rawBody: form.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Your preferences have been saved");
    const p = await prefs();
    expect(p).toMatchObject({
      email_enabled: true,
      preferences: { appointment_reminder: false, welcome: true },
    });
  });

  it("GET of the unsubscribe link changes nothing; the one-click POST unsubscribes", async () => {
    const look = await http.request("GET", unsubscribePath);
    expect(look.status).toBe(200);
    expect((await prefs()).email_enabled).toBe(true);
    const res = await http.request("POST", unsubscribePath, {
      rawBody: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
    expect((await prefs()).email_enabled).toBe(false);
  });

  it("after unsubscribing, links back to the preferences and subscribes again keeping the choices", async () => {
    const res = await http.request("POST", unsubscribePath, {
      rawBody: "",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`href="${preferencesPath}"`);
    expect(res.text).toContain("Change my preferences");
    // "Subscribe again" posts the patient's own choices (reminders stay off), email on.
    const form = /<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(res.text)!;
    expect(form[1]).toBe(preferencesPath);
    expect(form[2]).toContain("Subscribe again");
    const fields = new URLSearchParams(
      [...form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    expect(fields.get("email_enabled")).toBe("on");
    expect(fields.has("type_appointment_reminder")).toBe(false);
    const again = await http.request("POST", form[1]!, {
      rawBody: fields.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(again.status).toBe(200);
    expect(await prefs()).toMatchObject({
      email_enabled: true,
      preferences: { appointment_reminder: false, welcome: true },
    });
  });

  it("refuses a forged or tampered link", async () => {
    // No patient to take a language from: the browser's.
    const res = await http.request("GET", `${preferencesPath.slice(0, -3)}xyz`, {
      headers: { "accept-language": "es-ES,es;q=0.9" },
    });
    expect(res.status).toBe(404);
    expect(res.text).toContain("no es válido");
    const staffToken = await http.request("GET", `/p/preferences/${admin}`);
    expect(staffToken.status).toBe(404);
  });
});
