// A patient whose address bounces: staff see it on the patient with the server's reply, fix the
// address's listing with "try again" and resend the email that failed. The sending window is
// set in Settings and shows what the server saved; a window that ends before it starts is
// refused next to its field. The suppressed addresses list takes additions and removals.
import { beforeAll, describe, expect, it } from "vitest";
import { type WatchedPage, waitUntil } from "./support/browser.js";
import { sentTo, waitForMail } from "./support/mail.js";
import { useStack } from "./support/stack.js";
import { staffApi as api, configureSmtp, expectToast, login, open } from "./support/ui.js";

const BOUNCING = "rebota.e2e@example.com";
// The browser logs every 4xx answer as a console error; the window's 422 is expected.
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 422/.test(e));
/** The relay refuses the address until the test says its mailbox exists again. */
let mailboxExists = false;

describe("bounces and the sending window in the staff UI", () => {
  const stack = useStack({
    sink: {
      respond: ({ rcpt }) =>
        rcpt === BOUNCING && !mailboxExists
          ? { code: 550, message: `5.1.1 <${rcpt}>: Recipient address rejected: User unknown` }
          : null,
    },
  });
  let staff: WatchedPage;

  beforeAll(async () => {
    staff = await stack.browser.newPage();
    await login(staff.page, stack.baseUrl, stack.admin);
    await configureSmtp(staff.page, stack.baseUrl, stack.sink.port);
  }, 120_000);

  it("shows a bouncing patient with the reply; 'try again' takes the address off and resends", async () => {
    const { page } = staff;
    const patient = await api<{ id: string }>(page, stack.baseUrl, "POST", "/patients", {
      first_name: "Rebeca",
      last_name: "Rebote",
      email: BOUNCING,
    });
    const sent = await api<{ log_id: string }>(page, stack.baseUrl, "POST", "/notifications/send", {
      notification_type: "welcome",
      patient_id: patient.id,
    });
    await waitUntil("the welcome email to fail", async () => {
      const log = await api<{ status: string }>(
        page,
        stack.baseUrl,
        "GET",
        `/notifications/logs/${sent.log_id}`,
      );
      return log.status === "failed" ? true : undefined;
    });

    await open(page, stack.baseUrl, `/patients/${patient.id}`);
    const contact = page.getByTestId("patient-contact");
    await contact.getByText("Rebota", { exact: true }).waitFor();
    const notice = page.getByTestId("bounce-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toContain(
      `Esta dirección rebota: 550 5.1.1 <${BOUNCING}>: Recipient address rejected: User unknown`,
    );

    // The patient's mailbox exists again: staff try again.
    mailboxExists = true;
    await notice.getByRole("button", { name: "¿Dirección corregida? Volver a intentarlo" }).click();
    await notice.getByText("La dirección ya no está bloqueada").waitFor();
    const listed = await api<unknown[]>(
      page,
      stack.baseUrl,
      "GET",
      `/notifications/suppressions?email=${encodeURIComponent(BOUNCING)}`,
    );
    expect(listed).toEqual([]);
    await notice.getByRole("button", { name: "Reenviar el correo fallido" }).click();
    await notice.getByText("El correo fallido está en cola para enviarse de nuevo.").waitFor();
    await waitForMail(stack.sink, "the resent welcome email", sentTo(BOUNCING));

    // Read afresh, the patient no longer bounces.
    await page.reload();
    await page.getByTestId("patient-contact").waitFor();
    expect(await page.getByTestId("bounce-notice").count()).toBe(0);
    expect(unexpected(staff.errors)).toEqual([]);
  }, 60_000);

  it("sets the sending window, shows what was saved, and names a window that ends before it starts", async () => {
    const { page } = staff;
    await open(page, stack.baseUrl, "/settings/notifications/types");
    const card = page.getByTestId("send-window");
    const start = card.getByLabel("Desde");
    const end = card.getByLabel("Hasta");
    await waitUntil("the saved window", async () =>
      (await start.inputValue()) === "08:00" ? true : undefined,
    );
    expect(await end.inputValue()).toBe("21:00");

    await start.fill("09:30");
    await card.getByRole("button", { name: "Guardar" }).click();
    await card
      .getByTestId("send-window-saved")
      .getByText("Guardado: los recordatorios se envían entre las 09:30 y las 21:00.")
      .waitFor();
    const saved = await api<{ send_window: unknown }>(page, stack.baseUrl, "GET", "/notifications/settings");
    expect(saved.send_window).toEqual({ start: "09:30", end: "21:00" });

    await end.fill("07:00");
    await card.getByRole("button", { name: "Guardar" }).click();
    const error = card.locator("#send-window-end-error");
    await error.waitFor();
    // Worded by the UI from the field's code, in Spanish.
    expect(await error.textContent()).toBe("Debe terminar después de empezar (el mismo día).");
    expect(await card.getByTestId("send-window-saved").count()).toBe(0);

    await end.fill("21:00");
    await card.getByLabel("Enviar solo dentro de este horario").uncheck();
    await card.getByRole("button", { name: "Guardar" }).click();
    await card.getByText("Guardado: los recordatorios se envían a cualquier hora.").waitFor();
    await page.reload();
    await page.getByTestId("send-window").waitFor();
    await waitUntil("the unchecked box after a reload", async () =>
      (await page.getByLabel("Enviar solo dentro de este horario").isChecked()) ? undefined : true,
    );
    expect(await page.getByTestId("send-window").getByLabel("Desde").count()).toBe(0);
    expect(unexpected(staff.errors)).toEqual([]);
  }, 60_000);

  it("lists suppressed addresses: add one by hand, find it, remove it", async () => {
    const { page } = staff;
    await open(page, stack.baseUrl, "/settings/notifications/suppressions");
    await page.getByLabel("Añadir una dirección a mano").fill("Baja.Manual@Example.com");
    await page.getByTestId("suppression-add").getByRole("button", { name: "Añadir" }).click();
    expect(await expectToast(page)).toContain("baja.manual@example.com");
    await page.getByLabel("Buscar").fill("baja.manual");
    const row = page
      .getByTestId("suppressions-table")
      .getByRole("row", { name: /baja\.manual@example\.com/ });
    await row.waitFor();
    expect(await row.textContent()).toContain("Añadida a mano");
    await row.getByRole("button", { name: "Quitar baja.manual@example.com" }).click();
    await page.getByText("No hay direcciones bloqueadas.").waitFor();
    expect(unexpected(staff.errors)).toEqual([]);
  }, 60_000);
});
