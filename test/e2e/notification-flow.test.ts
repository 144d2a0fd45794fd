// The whole life of a clinic's notifications, through the UI, the real server, its worker
// and a real SMTP server: welcome on, a Spanish template edited with a live preview, an
// appointment confirmed with its .ics, and a patient who opts out of reminders from the
// link in that email, after which the reminder is skipped.
import { beforeAll, describe, expect, it } from "vitest";
import { isoToZonedInput } from "../../web/src/lib/datetime.js";
import { screenshot, type WatchedPage, waitUntil } from "./support/browser.js";
import { preferencesLink, sentTo, waitForMail } from "./support/mail.js";
import { useStack } from "./support/stack.js";
import { configureSmtp, effectiveHtml, expectToast, login, open, setEditorText } from "./support/ui.js";

const PATIENT = { first: "Lucía", last: "Prueba", email: "lucia.prueba@paciente-e2e.test" };
const SUBJECT_MARK = "Confirmación E2E";

/**
 * Adds a paragraph before the template's first one, so that it lands inside whatever block
 * holds the content (a template may extend a base layout).
 */
function withParagraph(body: string, text: string): string {
  const at = body.search(/<p[\s>]/i);
  return at >= 0 ? `${body.slice(0, at)}<p>${text}</p>${body.slice(at)}` : `<p>${text}</p>${body}`;
}

describe("notifications from the staff UI to the patient's inbox", () => {
  const stack = useStack();
  let staff: WatchedPage;
  let patientId = "";
  let clinicTimezone = "Europe/Madrid";

  beforeAll(async () => {
    staff = await stack.browser.newPage();
    await login(staff.page, stack.baseUrl, stack.admin);
    clinicTimezone = await staff.page.evaluate(
      () =>
        JSON.parse(sessionStorage.getItem("dentalpin.session") ?? "{}").clinic?.timezone ?? "Europe/Madrid",
    );
    await configureSmtp(staff.page, stack.baseUrl, stack.sink.port);
    // No quiet hours: this runs on the real clock at any hour, and is not about when emails go
    // (bounces-and-sending-window.test.ts is).
    const token = await staff.page.evaluate(
      () => JSON.parse(sessionStorage.getItem("dentalpin.session") ?? "{}").token as string,
    );
    const off = await fetch(`${stack.baseUrl}/api/v1/notifications/settings`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ send_window: { start: null, end: null } }),
    });
    expect(off.status).toBe(200);
  }, 120_000);

  it("turns on automatic welcome emails", async () => {
    const { page } = staff;
    await open(page, stack.baseUrl, "/settings/notifications/types");
    await page.locator("#type-welcome-enabled").check();
    await page.locator("#type-welcome-auto").check();
    await page.locator("form[aria-labelledby=types-title] button[type=submit]").click();
    await expectToast(page);
    await page.reload();
    await page.locator("#type-welcome-auto").waitFor();
    expect(await page.locator("#type-welcome-auto").isChecked()).toBe(true);
    await screenshot(page, "10-notification-types");
    expect(staff.errors).toEqual([]);
  }, 60_000);

  it("edits the Spanish confirmation template and sees the preview change", async () => {
    const { page } = staff;
    await open(page, stack.baseUrl, "/settings/notifications/templates");
    await page.locator("#tpl-type").selectOption("appointment_confirmation");
    await page.locator("#tpl-locale").selectOption("es");
    const subject = page.locator("#tpl-subject");
    await subject.waitFor();
    const preview = page.getByTestId("preview-subject");
    await preview.waitFor();
    const before = await preview.textContent();
    expect(before).not.toContain(SUBJECT_MARK);

    await subject.fill(`${SUBJECT_MARK}: {{ patient_name }}`);
    // Rendered by the server with sample data: the variable is replaced, not shown.
    await waitUntil("the preview to show the new subject", async () => {
      const text = (await preview.textContent()) ?? "";
      return (
        text.startsWith(`${SUBJECT_MARK}: `) && !text.includes("{{") && text.length > SUBJECT_MARK.length + 3
      );
    });

    // The HTML preview follows the body too, inside the sandboxed frame.
    await page.getByTestId("tpl-html-editor").waitFor();
    const body = await effectiveHtml(stack, "appointment_confirmation");
    const marker = "Te esperamos con una sonrisa (E2E).";
    await setEditorText(page, "tpl-html", withParagraph(body, marker));
    await waitUntil("the preview frame to show the new paragraph", async () =>
      (await page.frameLocator("[data-testid=preview-frame]").locator("body").textContent())?.includes(
        marker,
      ),
    );
    await screenshot(page, "11-template-editor");

    await page.getByRole("button", { name: /plantilla de la clínica|clinic template/i }).click();
    await expectToast(page);
    await waitUntil("the template to come from the clinic", async () =>
      (await page.getByTestId("template-source").getAttribute("data-source")) === "clinic" ? true : undefined,
    );
    expect(staff.errors).toEqual([]);
  }, 60_000);

  it("shows a template syntax error next to the field, with its line", async () => {
    const { page } = staff;
    const good = await effectiveHtml(stack, "appointment_confirmation");
    await setEditorText(page, "tpl-html", `<p>uno</p>\n<p>{% if patient_name %}sin cerrar</p>`);
    const error = page.getByTestId("tpl-html-error");
    await error.waitFor();
    expect(await error.textContent()).toMatch(
      /^Línea 2, columna \d+: La plantilla termina antes de tiempo: se esperaba «elif, else, endif»\.$/,
    );
    await screenshot(page, "12-template-syntax-error");
    await setEditorText(page, "tpl-html", good);
    await error.waitFor({ state: "detached" });
    // The only console errors allowed here are the browser's notes about the 422 answers.
    expect(staff.errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    staff.errors.length = 0;
  }, 60_000);

  it("creates a patient, who gets the welcome email automatically", async () => {
    const { page } = staff;
    await open(page, stack.baseUrl, "/patients");
    await page.getByRole("button", { name: /nuevo paciente|new patient/i }).click();
    await page.locator("#patient-first").fill(PATIENT.first);
    await page.locator("#patient-last").fill(PATIENT.last);
    await page.locator("#patient-email").fill(PATIENT.email);
    await page.locator("#patient-locale").selectOption("es");
    await page.locator("form[aria-labelledby=new-patient-title] button[type=submit]").click();
    await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/);
    patientId = page.url().split("/").pop() ?? "";
    await page.locator("#prefs-email").waitFor();
    await screenshot(page, "13-patient");

    const welcome = await waitForMail(stack.sink, "the welcome email", sentTo(PATIENT.email));
    expect(welcome.subject).toBeTruthy();
    expect(staff.errors).toEqual([]);
  }, 60_000);

  it("schedules an appointment whose confirmation is sent, logged and carries an .ics", async () => {
    const { page } = staff;
    // Three days ahead: the reminder (24 h before) is planned, not yet due.
    const start = isoToZonedInput(new Date(Date.now() + 72 * 3600_000).toISOString(), clinicTimezone);
    await open(page, stack.baseUrl, `/appointments?patient_id=${patientId}`);
    await page.locator(`#appt-patient option[value='${patientId}']`).waitFor({ state: "attached" });
    await page.locator("#appt-patient").selectOption(patientId);
    await page.locator("#appt-professional option").first().waitFor({ state: "attached" });
    await page.locator("#appt-start").fill(start);
    await page.locator("#appt-reason").fill("Revisión anual");
    await page.locator("form[aria-labelledby=new-appointment-title] button[type=submit]").click();
    await expectToast(page);
    await page.getByTestId("appointment").first().waitFor();
    await screenshot(page, "14-appointments");

    const mail = await waitForMail(
      stack.sink,
      "the confirmation email",
      (m) => sentTo(PATIENT.email)(m) && (m.subject ?? "").startsWith(SUBJECT_MARK),
    );
    expect(mail.subject).toContain(`${PATIENT.first} ${PATIENT.last}`);
    const ics = mail.attachments.find(
      (a) => a.filename?.endsWith(".ics") || a.contentType === "text/calendar",
    );
    expect(ics, "an .ics attachment").toBeTruthy();

    // The log shows it sent, and its detail shows the email as the patient saw it.
    await open(page, stack.baseUrl, "/settings/notifications/logs?template_key=appointment_confirmation");
    const row = page.locator("[data-testid=log-row][data-type=appointment_confirmation]").first();
    await waitUntil("the confirmation to be logged as sent", async () =>
      (await row.getAttribute("data-status")) === "sent" ? true : undefined,
    );
    await screenshot(page, "15-email-log");
    await row.getByRole("button").click();
    const detail = page.getByTestId("log-detail");
    await detail.waitFor();
    expect(await page.getByTestId("log-attachments").textContent()).toMatch(/\.ics/);
    await waitUntil("the email body in the frame", async () =>
      (await page.frameLocator("[data-testid=log-frame]").locator("body").textContent())?.includes(
        PATIENT.first,
      ),
    );
    await screenshot(page, "16-email-log-detail");
    await page.keyboard.press("Escape");
    await detail.waitFor({ state: "detached" });
    expect(staff.errors).toEqual([]);
  }, 90_000);

  it("lets the patient opt out of reminders from the email's link, so the reminder is skipped", async () => {
    const mail = await waitForMail(
      stack.sink,
      "the confirmation email",
      (m) => sentTo(PATIENT.email)(m) && (m.subject ?? "").startsWith(SUBJECT_MARK),
    );
    const link = preferencesLink(mail);
    expect(link, "a preferences link in the email").toBeTruthy();

    // The patient, with no login, in their own browser tab.
    const patient = await stack.browser.newPage({ width: 390, height: 844 });
    await patient.page.goto(link!);
    const reminders = patient.page.locator("input[name=type_appointment_reminder]");
    await reminders.waitFor();
    await reminders.uncheck();
    await patient.page.locator("form button[type=submit]").click();
    await patient.page.locator(".notice").waitFor();
    expect(await patient.page.locator("input[name=type_appointment_reminder]").isChecked()).toBe(false);
    await screenshot(patient.page, "17-patient-preferences");
    expect(patient.errors).toEqual([]);
    await patient.page.close();

    // Staff see the opt-out on the patient's page.
    const { page } = staff;
    await open(page, stack.baseUrl, `/patients/${patientId}`);
    await page.locator("#prefs-appointment_reminder").waitFor();
    expect(await page.locator("#prefs-appointment_reminder").isChecked()).toBe(false);

    // Reminders a week ahead: the pending reminder becomes due now, and the worker skips it.
    await open(page, stack.baseUrl, "/settings/notifications/types");
    await page.locator("#type-appointment_reminder-hours").fill("168");
    await page.locator("form[aria-labelledby=types-title] button[type=submit]").click();
    await expectToast(page);

    await open(page, stack.baseUrl, "/settings/notifications/logs?template_key=appointment_reminder");
    const row = page.locator("[data-testid=log-row][data-type=appointment_reminder]").first();
    await waitUntil(
      "the reminder to be skipped",
      async () => {
        if ((await row.count()) === 0 || (await row.getAttribute("data-status")) !== "skipped") {
          // The list refreshes itself while something is pending; a skipped-from-the-start
          // row needs a manual refresh.
          await page
            .getByRole("button", { name: /actualizar|refresh/i })
            .first()
            .click();
          return undefined;
        }
        return true;
      },
      30_000,
      1000,
    );
    expect(await row.getByTestId("log-reason").textContent()).toContain(
      "patient_opted_out_of_appointment_reminder",
    );
    await screenshot(page, "18-reminder-skipped");
    expect(
      stack.sink.messages
        .filter(sentTo(PATIENT.email))
        .some((m) => /recordatorio|reminder/i.test(m.subject ?? "")),
    ).toBe(false);
    expect(staff.errors).toEqual([]);
  }, 90_000);
});
