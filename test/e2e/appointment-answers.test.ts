// A patient answers from the email itself: the confirmation the real server sent to a real SMTP
// server carries "Confirmar asistencia"; the patient opens it, is asked once more, confirms,
// and the staff see the answer on the appointment list and in the email's log detail.
import { beforeAll, describe, expect, it } from "vitest";
import { screenshot, type WatchedPage, waitUntil } from "./support/browser.js";
import { sentTo, waitForMail } from "./support/mail.js";
import { useStack } from "./support/stack.js";
import { configureSmtp, login, open } from "./support/ui.js";

const PATIENT_EMAIL = "rosa.respuesta@paciente-e2e.test";

describe("a patient confirms from the email and the staff see it", () => {
  const stack = useStack();
  let staff: WatchedPage;
  let token = "";

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status).toBeLessThan(300);
    return (await res.json()) as { data: Record<string, unknown> & { id: string } };
  };

  beforeAll(async () => {
    staff = await stack.browser.newPage();
    await login(staff.page, stack.baseUrl, stack.admin);
    await configureSmtp(staff.page, stack.baseUrl, stack.sink.port);
    token = await staff.page.evaluate(
      () => JSON.parse(sessionStorage.getItem("dentalpin.session") ?? "{}").token as string,
    );
    // No quiet hours: the confirmation goes at once whatever the hour of the run.
    await api("PUT", "/notifications/settings", { send_window: { start: null, end: null } });
  }, 120_000);

  it("offers the answer links per type in Settings, on for the confirmation and the reminder only", async () => {
    const { page } = staff;
    await open(page, stack.baseUrl, "/settings/notifications/types");
    const links = page.locator("#type-appointment_confirmation-links");
    await links.waitFor();
    expect(await links.isChecked()).toBe(true);
    expect(await page.locator("#type-appointment_reminder-links").isChecked()).toBe(true);
    expect(await page.locator("#type-welcome-links").count()).toBe(0);
    expect(staff.errors).toEqual([]);
  }, 60_000);

  it("lets the patient confirm from the link of the email the SMTP server received", async () => {
    const professionals = (await (
      await fetch(`${stack.baseUrl}/api/v1/professionals`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { data: { id: string }[] };
    const patient = await api("POST", "/patients", {
      first_name: "Rosa",
      last_name: "Respuesta",
      email: PATIENT_EMAIL,
      preferred_locale: "es",
    });
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(9, 30, 0, 0);
    const booked = await api("POST", "/appointments", {
      patient_id: patient.data.id,
      professional_id: professionals.data[0]!.id,
      start_time: start.toISOString(),
    });
    expect(booked.data.id).toBeTruthy();

    const mail = await waitForMail(stack.sink, "the confirmation email", (m) =>
      Boolean(sentTo(PATIENT_EMAIL)(m) && typeof m.html === "string" && m.html.includes("/p/confirm/")),
    );
    const confirmUrl = /href="([^"]*\/p\/confirm\/[^"]+)"/.exec(mail.html as string)![1]!;
    expect(mail.html).toContain("Confirmar asistencia");
    expect(confirmUrl.startsWith(stack.baseUrl)).toBe(true);

    const patientPage = await stack.browser.newPage({ width: 390, height: 844 });
    const { page } = patientPage;
    await page.goto(confirmUrl);
    // Opening the link only asks (a mail scanner that follows it answers nothing).
    const button = page.getByRole("button", { name: "Sí, iré" });
    await button.waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("es");
    expect((await api("GET", `/appointments?patient_id=${patient.data.id}`)).data).toMatchObject([
      { patient_response: null },
    ]);
    await screenshot(page, "60-patient-confirm-ask");
    await button.click();
    const done = page.locator("[data-response=confirmed]");
    await done.waitFor();
    expect(await done.textContent()).toContain("Tu asistencia ha quedado confirmada");
    await screenshot(page, "61-patient-confirmed");
    // Opening the link again shows the answer already given.
    await page.goto(confirmUrl);
    await page.locator("[data-response=confirmed]").waitFor();
    expect(await page.locator("body").textContent()).toContain("Ya confirmaste esta cita");
    expect(patientPage.errors).toEqual([]);
  }, 90_000);

  it("shows the answer on the appointment list and in the log detail of its email", async () => {
    const { page } = staff;
    await open(page, stack.baseUrl, "/appointments");
    const row = page.locator(`[data-testid=appointment]`).filter({ has: page.locator("[data-response]") });
    const answer = row.first().getByTestId("appointment-answer");
    await answer.waitFor();
    expect(await answer.getAttribute("data-response")).toBe("confirmed");
    expect(await answer.textContent()).toMatch(/Confirmada por el paciente|Patient confirmed/);
    await screenshot(page, "62-appointment-answer");

    // The only appointment of this clinic: its confirmation is the only one in the log.
    await open(page, stack.baseUrl, "/settings/notifications/logs");
    const confirmation = page.locator("[data-testid=log-row][data-type=appointment_confirmation]");
    await confirmation.first().waitFor();
    expect(await confirmation.count()).toBe(1);
    await confirmation.first().click();
    const facts = page.getByTestId("log-detail");
    await facts.waitFor();
    await waitUntil("the log detail to name the patient's answer", async () =>
      /Respuesta del paciente|Patient's answer/.test((await facts.textContent()) ?? "") ? true : undefined,
    );
    await screenshot(page, "63-log-detail-answer");
    expect(staff.errors).toEqual([]);
  }, 60_000);
});
