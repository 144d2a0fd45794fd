// The staff UI telling the truth on any screen (issue 15: 3, 5, 8, 10, 11, 12, 13): forms that
// start again after a success, patients whose details can be edited (and who cannot be sent
// anything without an email), a skipped email shown as skipped, plurals and empty states,
// page titles, dates on the clinic's clock, the log told apart and filtered by patient, no
// page scrolling sideways at 390 px, and the patient's way back after unsubscribing.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { isoToZonedInput } from "../../web/src/lib/datetime.js";
import { screenshot, type WatchedPage, waitUntil } from "./support/browser.js";
import { useStack } from "./support/stack.js";
import { expectToast, login, open } from "./support/ui.js";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };
const MADRID = "Europe/Madrid";

interface Patient {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
}

describe("staff UI: forms, patients, the log and phones", () => {
  const stack = useStack();
  let staff: WatchedPage;
  let token = "";
  let patients: Patient[] = [];
  const byName = (last: string) => patients.find((p) => p.last_name === last)!;

  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async function book(patientId: string, daysAhead: number, hour: number): Promise<string> {
    const pros = await api<{ data: { id: string }[] }>("GET", "/professionals");
    const day = new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
    const { data } = await api<{ data: { id: string } }>("POST", "/appointments", {
      patient_id: patientId,
      professional_id: pros.data[0]!.id,
      start_time: `${day}T${String(hour).padStart(2, "0")}:00:00+00:00`,
    });
    return data.id;
  }

  const logsOf = (query: string) =>
    api<{ data: { id: string; status: string; appointment_start?: string | null }[] }>(
      "GET",
      `/notifications/logs?${query}`,
    );

  const inputValue = (page: Page, selector: string) => page.locator(selector).inputValue();

  beforeAll(async () => {
    staff = await stack.browser.newPage(DESKTOP);
    await login(staff.page, stack.baseUrl, stack.admin);
    token = await staff.page.evaluate(
      () => JSON.parse(sessionStorage.getItem("dentalpin.session") ?? "{}").token as string,
    );
    patients = (await api<{ data: Patient[] }>("GET", "/patients?page_size=50")).data;
  }, 120_000);

  it("names every page in the tab's title, and says the log is empty before any email (10)", async () => {
    const { page } = staff;
    await open(page, stack.baseUrl, "/settings/notifications/logs");
    await page.getByText("Todavía no hay correos.").waitFor();
    expect(await page.title()).toBe("Registro de correos · Notificaciones · DentalPin");
    // With a filter set, the same empty list says that nothing matches.
    await page.locator("#log-status").selectOption("failed");
    await page.getByText("Ningún correo coincide con estos filtros.").waitFor();

    for (const [path, title] of [
      ["/patients", "Pacientes · DentalPin"],
      ["/appointments", "Citas · DentalPin"],
      ["/budgets", "Presupuestos · DentalPin"],
      [`/patients/${byName("Wilson").id}`, "Emma Wilson · Pacientes · DentalPin"],
    ] as const) {
      await open(page, stack.baseUrl, path);
      await waitUntil(`the title of ${path}`, async () => (await page.title()) === title, 5_000, 100);
    }
    expect(staff.errors).toEqual([]);
  }, 60_000);

  it("starts the appointment and budget forms again after a success (3)", async () => {
    const { page } = staff;
    const emma = byName("Wilson");
    await open(page, stack.baseUrl, "/appointments");
    await page.locator("#appt-patient-search").fill("Wilson");
    await page.locator(`#appt-patient option[value='${emma.id}']`).waitFor({ state: "attached" });
    await page.locator("#appt-patient").selectOption(emma.id);
    await page.locator("#appt-professional option").first().waitFor({ state: "attached" });
    await page
      .locator("#appt-start")
      .fill(isoToZonedInput(new Date(Date.now() + 9 * 86_400_000).toISOString(), MADRID));
    await page.locator("#appt-reason").fill("Revisión");
    await page.locator("form[aria-labelledby=new-appointment-title] button[type=submit]").click();
    await expectToast(page);
    // The next booking does not silently go to the same patient.
    await waitUntil(
      "the appointment form to reset",
      async () => (await inputValue(page, "#appt-patient")) === "",
    );
    expect(await inputValue(page, "#appt-patient-search")).toBe("");
    expect(await inputValue(page, "#appt-reason")).toBe("");

    await open(page, stack.baseUrl, "/budgets");
    await page.locator("#budget-patient-search").fill("Wilson");
    await page.locator(`#budget-patient option[value='${emma.id}']`).waitFor({ state: "attached" });
    await page.locator("#budget-patient").selectOption(emma.id);
    await page.locator("#budget-item-0-description").fill("Limpieza");
    await page.locator("#budget-item-0-amount").fill("60");
    await page.locator("form[aria-labelledby=new-budget-title] button[type=submit]").click();
    await expectToast(page);
    await waitUntil(
      "the budget form to reset",
      async () => (await inputValue(page, "#budget-patient")) === "",
    );
    expect(await inputValue(page, "#budget-patient-search")).toBe("");
    expect(await inputValue(page, "#budget-item-0-description")).toBe("");
    expect(staff.errors).toEqual([]);
  }, 60_000);

  it("edits a patient without an email, whose send button says why it is off until then (5)", async () => {
    const { page } = staff;
    const pablo = byName("Sánchez");
    await open(page, stack.baseUrl, `/patients/${pablo.id}`);
    const hint = page.getByTestId("patient-send-no-email");
    await hint.waitFor();
    expect(await hint.textContent()).toContain("no tiene correo electrónico");
    const send = page.locator(".send-notification button", { hasText: "Enviar" });
    expect(await send.isDisabled()).toBe(true);

    await page.getByRole("button", { name: /Editar datos/ }).click();
    await page.locator("#patient-edit-email").fill("pablo.sanchez@paciente-e2e.test");
    await page.locator("#patient-edit-phone").fill("+34 600 000 000");
    await page.locator("form[aria-labelledby=edit-patient-title] button[type=submit]").click();
    await expectToast(page);
    await page.getByTestId("patient-contact").getByText("pablo.sanchez@paciente-e2e.test").waitFor();
    expect(await page.getByTestId("patient-contact").textContent()).toContain("+34 600 000 000");
    await hint.waitFor({ state: "detached" });
    expect(await send.isDisabled()).toBe(false);
    // Stored: a reload shows the same.
    const stored = await api<{ data: Patient }>("GET", `/patients/${pablo.id}`);
    expect(stored.data.email).toBe("pablo.sanchez@paciente-e2e.test");
    expect(staff.errors).toEqual([]);
  }, 60_000);

  it("greys out a type that is off, and shows a skipped email without attachments, saying why (8)", async () => {
    const { page } = staff;
    await open(page, stack.baseUrl, "/settings/notifications/types");
    await page.locator("#type-appointment_confirmation-enabled").uncheck();
    expect(await page.locator("#type-appointment_confirmation-auto").isDisabled()).toBe(true);
    await page.locator("#type-appointment_reminder-enabled").uncheck();
    expect(await page.locator("#type-appointment_reminder-auto").isDisabled()).toBe(true);
    expect(await page.locator("#type-appointment_reminder-hours").isDisabled()).toBe(true);
    await page.locator("form[aria-labelledby=types-title] button[type=submit]").click();
    await expectToast(page);

    const appointment = await book(byName("Fernández Ruiz").id, 12, 9);
    const skipped = await waitUntil("the skipped confirmation", async () => {
      const { data } = await logsOf("template_key=appointment_confirmation&status=skipped");
      return data[0];
    });
    expect(skipped.appointment_start).toBeTruthy();
    await open(page, stack.baseUrl, `/settings/notifications/logs?log=${skipped.id}`);
    const detail = page.getByTestId("log-detail");
    await detail.waitFor();
    expect(await page.getByTestId("log-detail-error").textContent()).toContain(
      "Este tipo de correo está desactivado en la clínica.",
    );
    expect(await page.getByTestId("log-attachments").count()).toBe(0);
    expect(await detail.textContent()).toContain("Este correo no se envió");
    await screenshot(page, "40-skipped-email-detail");

    // Back on, for the tests that follow.
    await api("POST", `/appointments/${appointment}/cancel`, {});
    await open(page, stack.baseUrl, "/settings/notifications/types");
    await page.locator("#type-appointment_confirmation-enabled").check();
    await page.locator("#type-appointment_reminder-enabled").check();
    expect(await page.locator("#type-appointment_reminder-hours").isDisabled()).toBe(false);
    await page.locator("form[aria-labelledby=types-title] button[type=submit]").click();
    await expectToast(page);
    expect(staff.errors).toEqual([]);
  }, 60_000);

  it("tells two confirmations apart, counts in the right plural and filters by patient in one control (10, 12)", async () => {
    const { page } = staff;
    const maria = byName("García López");
    await book(maria.id, 20, 8);
    await book(maria.id, 21, 15);
    await waitUntil("two sent confirmations for María", async () => {
      const { data } = await logsOf(
        `patient_id=${maria.id}&template_key=appointment_confirmation&status=sent`,
      );
      return data.length === 2;
    });

    await open(page, stack.baseUrl, `/settings/notifications/logs?template_key=welcome`);
    await page.getByText("Ningún correo coincide con estos filtros.").waitFor();
    expect(await page.getByTestId("log-count").textContent()).toBe("0 correos");

    await open(page, stack.baseUrl, "/settings/notifications/logs?template_key=appointment_confirmation");
    // One patient, in a single text box that searches as it is typed in.
    const picker = page.locator("#log-patient");
    await picker.fill("García");
    await page.getByRole("option", { name: /García López, María/ }).click();
    await waitUntil("the patient filter in the URL", async () =>
      page.url().includes(`patient_id=${maria.id}`),
    );
    const rows = page.locator("[data-testid=log-row][data-status=sent]");
    await waitUntil("María's two confirmations", async () => (await rows.count()) === 2);
    expect(await page.getByTestId("log-count").textContent()).toBe("2 correos");
    const subjects = await page.getByTestId("log-subject").allTextContents();
    expect(subjects).toHaveLength(2);
    for (const s of subjects) expect(s.length).toBeGreaterThan(3);
    const times = await page.getByTestId("log-appointment").allTextContents();
    expect(times).toHaveLength(2);
    expect(times[0]).toMatch(/^Cita: /);
    expect(times[0]).not.toBe(times[1]);
    // The chosen patient's name stays in the box after a reload.
    await page.reload();
    await waitUntil("the picker to show María", async () =>
      (await picker.inputValue()).includes("García López"),
    );

    // Singular: Carlos has one confirmation, the skipped one.
    const carlos = byName("Fernández Ruiz");
    await open(
      page,
      stack.baseUrl,
      `/settings/notifications/logs?template_key=appointment_confirmation&patient_id=${carlos.id}`,
    );
    await page.locator("[data-testid=log-row]").first().waitFor();
    expect(await page.getByTestId("log-count").textContent()).toBe("1 correo");
    expect(staff.errors).toEqual([]);
  }, 60_000);

  it("shows dates on the clinic's clock in another UI language (10)", async () => {
    const { page } = staff;
    await open(page, stack.baseUrl, "/appointments");
    await page.locator("#ui-locale").selectOption("en");
    const when = page.locator("[data-testid=appointment] .item-title strong").first();
    await when.waitFor();
    await waitUntil("English dates", async () => /[A-Z][a-z]{2} \d/.test((await when.textContent()) ?? ""));
    // A clinic in Spain reads a 24-hour clock, whatever language the member of staff picked.
    expect(await when.textContent()).not.toMatch(/AM|PM/);
    expect(await page.title()).toBe("Appointments · DentalPin");
    await page.locator("#ui-locale").selectOption("es");
    expect(staff.errors).toEqual([]);
  }, 30_000);

  it("never scrolls sideways, at 390 px or 1280 px, on any page (11)", async () => {
    const phone = await stack.browser.newPage(DESKTOP);
    await login(phone.page, stack.baseUrl, stack.admin);
    const { page } = phone;
    const pages = [
      "/settings/notifications/smtp",
      "/settings/notifications/types",
      "/settings/notifications/templates",
      "/settings/notifications/logs",
      "/patients",
      `/patients/${byName("García López").id}`,
      "/appointments",
      "/budgets",
    ];
    const ready = (path: string) =>
      path.endsWith("/logs")
        ? "[data-testid=log-row]"
        : path.endsWith("/types")
          ? "[data-testid=type-appointment_reminder]"
          : path.endsWith("/appointments")
            ? "[data-testid=appointment]"
            : path.endsWith("/budgets")
              ? "[data-testid=budget]"
              : ".page h1";
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      for (const path of pages) {
        await open(page, stack.baseUrl, path);
        await page.locator(ready(path)).first().waitFor();
        const { scroll, client } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        expect(scroll, `${path} at ${size.width} px`).toBeLessThanOrEqual(client);
      }
    }
    // On a phone every settings tab is on screen (they wrap), not hidden past the edge.
    await page.setViewportSize(PHONE);
    await open(page, stack.baseUrl, "/settings/notifications/logs");
    await page.locator("[data-testid=log-row]").first().waitFor();
    for (const box of await page
      .locator("nav.tabs a")
      .evaluateAll((links) => links.map((a) => a.getBoundingClientRect().right)))
      expect(box).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "41-email-log-phone");
    await open(page, stack.baseUrl, "/settings/notifications/types");
    await page.locator("[data-testid=type-appointment_reminder]").waitFor();
    await screenshot(page, "42-notification-types-phone");
    expect(phone.errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("offers the way back after unsubscribing, with controls in the brand colour and one size (13)", async () => {
    const emma = byName("Wilson");
    const { data: sent } = await api<{ data: { log_id: string } }>("POST", "/notifications/send", {
      notification_type: "welcome",
      patient_id: emma.id,
    });
    const html = await waitUntil("the welcome email's body", async () => {
      const { data } = await api<{ data: { status: string; body_html: string | null } }>(
        "GET",
        `/notifications/logs/${sent.log_id}`,
      );
      return data.status === "sent" ? data.body_html : undefined;
    });
    const link = /href="([^"]*\/p\/preferences\/[^"]+)"/.exec(html ?? "")?.[1]?.replace(/&amp;/g, "&");
    expect(link).toBeTruthy();

    const patient = await stack.browser.newPage(PHONE);
    const { page } = patient;
    await page.goto(link!.replace("/p/preferences/", "/p/unsubscribe/"));
    await page.locator("form button[type=submit]").click();
    await page.getByText("You are unsubscribed").waitFor();
    // The way back: change the preferences, or subscribe again in one click.
    expect(await page.getByRole("link", { name: "Change my preferences" }).getAttribute("href")).toContain(
      "/p/preferences/",
    );
    const [again, manage] = await Promise.all([
      page.getByRole("button", { name: "Subscribe again" }).boundingBox(),
      page.getByRole("link", { name: "Change my preferences" }).boundingBox(),
    ]);
    expect(Math.abs(again!.height - manage!.height)).toBeLessThanOrEqual(1);
    await screenshot(page, "43-patient-unsubscribed");
    await page.getByRole("button", { name: "Subscribe again" }).click();
    await page.locator(".notice").waitFor();
    expect(await page.locator("input[name=email_enabled]").isChecked()).toBe(true);
    expect(
      await api<{ data: { email_enabled: boolean } }>("GET", `/notifications/preferences/patient/${emma.id}`),
    ).toMatchObject({
      data: { email_enabled: true },
    });

    // Brand colour on the checkboxes and the select; the select and the button share a height.
    const look = await page.evaluate(() => {
      const box = document.querySelector("input[type=checkbox]")!;
      const select = document.querySelector("select")!;
      const button = document.querySelector("form button[type=submit]")!;
      return {
        accent: getComputedStyle(box).accentColor,
        selectBorder: getComputedStyle(select).borderColor,
        selectHeight: select.getBoundingClientRect().height,
        buttonHeight: button.getBoundingClientRect().height,
        buttonColour: getComputedStyle(button).backgroundColor,
        scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
    const brand = "rgb(15, 118, 110)";
    expect(look.accent).toBe(brand);
    expect(look.selectBorder).toBe(brand);
    expect(look.buttonColour).toBe(brand);
    expect(Math.abs(look.selectHeight - look.buttonHeight)).toBeLessThanOrEqual(1);
    expect(look.scroll).toBeLessThanOrEqual(0);
    await screenshot(page, "44-patient-preferences-again");
    expect(patient.errors).toEqual([]);
    await page.close();
  }, 60_000);
});
