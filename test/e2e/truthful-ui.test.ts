// The UI does not mislead. It says what became of an action's emails: a budget "sent to the
// patient" whose email waits for a person offers to send it now; an appointment in the past is
// booked only after a warning, and its confirmation is shown skipped, never sent. A patient who
// unsubscribed is shown as such, and staff turn email back on only with a recorded confirmation.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { isoToZonedInput } from "../../web/src/lib/datetime.js";
import { type WatchedPage, waitUntil } from "./support/browser.js";
import { sentTo, waitForMail } from "./support/mail.js";
import { useStack } from "./support/stack.js";
import { staffApi as api, configureSmtp, expectToast, login, open } from "./support/ui.js";

const MARIA = "maria.garcia@example.com";
const CARLOS = "carlos.fernandez@example.com";

const lineState = (page: Page, type: string) =>
  page.locator(`[data-testid=outcome-line][data-type=${type}]`).first().getAttribute("data-state");

describe("a staff UI that does not mislead", () => {
  const stack = useStack();
  let staff: WatchedPage;
  let mariaId = "";
  let timezone = "Europe/Madrid";

  beforeAll(async () => {
    staff = await stack.browser.newPage();
    await login(staff.page, stack.baseUrl, stack.admin);
    await configureSmtp(staff.page, stack.baseUrl, stack.sink.port);
    const patients = await api<{ id: string; email: string }[]>(
      staff.page,
      stack.baseUrl,
      "GET",
      "/patients?q=Garc",
    );
    mariaId = patients.find((p) => p.email === MARIA)!.id;
    timezone = await staff.page.evaluate(
      () =>
        JSON.parse(sessionStorage.getItem("dentalpin.session") ?? "{}").clinic?.timezone ?? "Europe/Madrid",
    );
  }, 120_000);

  it("budget sent to the patient: its email is shown not sent (manual), and 'send now' sends it", async () => {
    const { page } = staff;
    const budget = await api<{ id: string }>(page, stack.baseUrl, "POST", "/budgets", {
      patient_id: mariaId,
      total: "350.00",
    });
    await open(page, stack.baseUrl, `/patients/${mariaId}`);
    const row = page.locator(`[data-testid=budget]:has(button:text-is("Enviar al paciente"))`).first();
    await row.getByRole("button", { name: "Enviar al paciente" }).click();
    expect(await expectToast(page)).not.toBe("Presupuesto enviado.");
    const outcome = page.getByTestId(`budget-${budget.id}-outcome`);
    await outcome.waitFor();
    await waitUntil("the budget email to be shown skipped", async () =>
      (await lineState(page, "budget_sent")) === "skipped" ? true : undefined,
    );
    const text = (await outcome.textContent()) ?? "";
    expect(text).toContain("no enviado");
    expect(text).not.toContain("manual_send_required");
    await outcome.getByRole("link", { name: /tipos de notificación/i }).waitFor();
    await outcome.getByRole("button", { name: /enviar el correo ahora/i }).click();
    await waitUntil("the budget email to be shown sent", async () =>
      (await lineState(page, "budget_sent")) === "sent" ? true : undefined,
    );
    await waitForMail(stack.sink, "the budget email", sentTo(MARIA));
    expect(staff.errors).toEqual([]);
  }, 60_000);

  it("an appointment in the past: warned first, then booked with its confirmation shown skipped", async () => {
    const { page } = staff;
    const before = stack.sink.messages.filter(sentTo(MARIA)).length;
    await open(page, stack.baseUrl, `/appointments?patient_id=${mariaId}`);
    await page.locator(`#appt-patient option[value='${mariaId}']`).waitFor({ state: "attached" });
    await page.locator("#appt-patient").selectOption(mariaId);
    await page.locator("#appt-professional option").first().waitFor({ state: "attached" });
    await page
      .locator("#appt-start")
      .fill(isoToZonedInput(new Date(Date.now() - 26 * 3600_000).toISOString(), timezone));
    await page.locator("form[aria-labelledby=new-appointment-title] button[type=submit]").click();
    const warning = page.getByTestId("past-warning");
    await warning.waitFor();
    const none = await api<unknown[]>(page, stack.baseUrl, "GET", `/appointments?patient_id=${mariaId}`);
    expect(none).toHaveLength(0);
    await warning.getByRole("button", { name: /reservar en el pasado/i }).click();
    await expectToast(page);
    await page.getByTestId("new-appointment-outcome").waitFor();
    await waitUntil("the confirmation to be shown skipped", async () =>
      (await lineState(page, "appointment_confirmation")) === "skipped" ? true : undefined,
    );
    expect(await page.getByTestId("new-appointment-outcome").textContent()).toContain(
      "La cita ya ha pasado.",
    );

    // Moving it to another time in the past asks again, and its new confirmation is skipped too.
    const row = page.getByTestId("appointment").first();
    await row.getByRole("button", { name: "Cambiar fecha" }).click();
    await row
      .getByLabel("Nueva fecha y hora")
      .fill(isoToZonedInput(new Date(Date.now() - 2 * 3600_000).toISOString(), timezone));
    await row.getByRole("button", { name: "Mover cita" }).click();
    await row.locator("[data-testid$=-past-warning]").waitFor();
    await row.getByRole("button", { name: "Moverla al pasado" }).click();
    await expectToast(page);
    await waitUntil("the moved appointment's confirmation to be shown skipped", async () =>
      (await row
        .locator("[data-testid=outcome-line][data-type=appointment_confirmation]")
        .getAttribute("data-state")) === "skipped"
        ? true
        : undefined,
    );
    expect(stack.sink.messages.filter(sentTo(MARIA)).length).toBe(before);
    expect(staff.errors).toEqual([]);
  }, 60_000);

  it("a patient who unsubscribed from an email's link: shown with the date, re-enabled only with a confirmation", async () => {
    const { page } = staff;
    const carlos = (
      await api<{ id: string; email: string }[]>(page, stack.baseUrl, "GET", "/patients?q=Fern")
    ).find((p) => p.email === CARLOS)!;
    await api(page, stack.baseUrl, "POST", "/notifications/send", {
      notification_type: "welcome",
      patient_id: carlos.id,
    });
    const mail = await waitForMail(stack.sink, "the welcome email", sentTo(CARLOS));
    const unsubscribe = /<([^>]+\/p\/unsubscribe\/[^>]+)>/.exec(mail.raw.replace(/\r\n\s+/g, " "))![1]!;
    // The patient presses the button of the unsubscribe page the link opens.
    expect((await fetch(unsubscribe, { method: "POST" })).status).toBe(200);

    await open(page, stack.baseUrl, `/patients/${carlos.id}`);
    const banner = page.getByTestId("prefs-unsubscribed");
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(
      /^Dado de baja por el paciente el .+ \(enlace en un correo\)\.$/,
    );
    expect(await page.locator("#prefs-email").isDisabled()).toBe(true);

    await page.getByRole("button", { name: "Volver a activar los correos…" }).click();
    const turnOn = page.getByRole("button", { name: "Volver a activar los correos", exact: true });
    expect(await turnOn.isDisabled()).toBe(true);
    await page.locator("#prefs-resubscribe-confirm").check();
    await turnOn.click();
    await expectToast(page);
    await page.getByTestId("prefs-resubscribed").waitFor();
    expect(await page.getByTestId("prefs-resubscribed").textContent()).toContain("por usted");
    expect(await page.locator("#prefs-email").isChecked()).toBe(true);
    const me = await page.evaluate(
      () => JSON.parse(sessionStorage.getItem("dentalpin.session") ?? "{}").user.id as string,
    );
    const stored = await api<Record<string, unknown>>(
      page,
      stack.baseUrl,
      "GET",
      `/notifications/preferences/patient/${carlos.id}`,
    );
    expect(stored).toMatchObject({ email_enabled: true, unsubscribed_via: "page", resubscribed_by: me });
    expect(staff.errors).toEqual([]);
  }, 60_000);

  it("offers each notification type where the server says it is sent from", async () => {
    // A type a TypeScript module registers on the server cannot be added to this test's server
    // process, so the server's answer is extended here to stand for one; everything else is real.
    const watched = await stack.browser.newPage();
    const { page } = watched;
    await page.route("**/api/v1/notifications/types", async (route) => {
      const answer = await route.fetch();
      const body = (await answer.json()) as { data: Record<string, unknown>[] };
      body.data.push({
        key: "treatment_plan_ready",
        hours_before: false,
        manual_by_default: false,
        custom: true,
        patient_links: false,
        send_from: "appointment",
      });
      await route.fulfill({ response: answer, json: body });
    });
    await login(page, stack.baseUrl, stack.admin);
    await open(page, stack.baseUrl, `/patients/${mariaId}`);
    const offered = (select: string) =>
      page.locator(`${select} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await page.locator("#patient-send-type").waitFor();
    expect(await offered("#patient-send-type")).toEqual(["welcome"]);

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const [professional] = await api<{ id: string }[]>(page, stack.baseUrl, "GET", "/professionals");
    await api(page, stack.baseUrl, "POST", "/appointments", {
      patient_id: mariaId,
      professional_id: professional!.id,
      start_time: tomorrow,
    });
    await open(page, stack.baseUrl, `/appointments?patient_id=${mariaId}`);
    await page.getByRole("button", { name: "✉ Enviar notificación" }).first().click();
    const appointmentSend = "select[id$=-send-type]";
    await waitUntil("the server's custom type offered on an appointment", async () =>
      (await offered(appointmentSend)).includes("treatment_plan_ready"),
    );
    expect(await page.locator(`${appointmentSend} option[value=treatment_plan_ready]`).textContent()).toBe(
      "Treatment plan ready",
    );
    expect(watched.errors).toEqual([]);
    await page.close();
  }, 60_000);
});
