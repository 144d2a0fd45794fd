// Settings > Notifications > Email server: the saved password belongs to its host, port and
// username (the UI warns before it is dropped and says so after), a private relay's CA
// certificate can be pasted and is kept, and the server's field errors land on their inputs,
// in the UI's language (Spanish: the demo clinic's).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { testCertificate } from "../support/tls.js";
import { screenshot } from "./support/browser.js";
import { freePort } from "./support/server.js";
import { useStack } from "./support/stack.js";
import { expectToast, login, open } from "./support/ui.js";

const SAVE = "form[aria-labelledby=smtp-title] button[type=submit]";
// The browser logs every 4xx answer as a console error; the 422s here are expected.
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 422/.test(e));

/** Points the form at the test's plain SMTP sink (each test stands alone on a fresh stack). */
async function pointAtSink(page: Page, port: number): Promise<void> {
  await page.locator("#smtp-provider").selectOption("smtp");
  await page.locator("#smtp-host").fill("127.0.0.1");
  await page.locator("#smtp-security-none").check();
  await page.locator("#smtp-port").fill(String(port));
  await page.locator("#smtp-from-email").fill("citas@clinica-e2e.test");
}

async function save(page: Page): Promise<void> {
  await page.locator(SAVE).click();
}

describe("email server: saved password, CA certificate and field errors", () => {
  const stack = useStack();

  it("warns before the saved password is dropped and says, in Spanish, that it was", async () => {
    const { page, errors } = await stack.browser.newPage();
    await login(page, stack.baseUrl, stack.admin);
    await open(page, stack.baseUrl, "/settings/notifications/smtp");
    await pointAtSink(page, stack.sink.port);
    await page.locator("#smtp-username").fill("clinica");
    await page.locator("#smtp-password").fill("secreto-e2e");
    await save(page);
    await expectToast(page);
    // Saved: the hint says that changing the account removes the password.
    await expect
      .poll(() => page.locator("#smtp-password-hint").textContent())
      .toContain("Si cambias el servidor, el puerto o el usuario, la contraseña guardada se borra");
    expect(await page.getByTestId("smtp-password-warning").count()).toBe(0);

    // Another port, no password typed: the warning shows before saving.
    const otherPort = String(await freePort());
    await page.locator("#smtp-port").fill(otherPort);
    const warning = page.getByTestId("smtp-password-warning");
    await warning.waitFor();
    expect(await warning.textContent()).toContain("se borrará la que hay guardada");

    // A test of these unsaved settings does not use the saved password, and says why.
    await page.locator("#smtp-test-to").fill("prueba@destino-e2e.test");
    await page.locator("form[aria-labelledby=smtp-test-title] button[type=submit]").click();
    const note = page.getByTestId("smtp-test-password-not-used");
    await note.waitFor();
    expect(await note.textContent()).toContain("No se ha usado la contraseña guardada");
    expect(await page.getByTestId("smtp-test-result").textContent()).not.toContain(
      "the saved password was not used",
    );

    await save(page);
    const cleared = page.getByTestId("smtp-password-cleared");
    await cleared.waitFor();
    expect(await cleared.textContent()).toContain("Se ha borrado la contraseña guardada");
    await screenshot(page, "06-smtp-password-cleared");
    // Not a toast: it is still there once the toasts are gone.
    await page.getByTestId("toast").waitFor({ state: "detached", timeout: 10_000 });
    expect(await cleared.isVisible()).toBe(true);
    expect(await page.locator("#smtp-password-hint").textContent()).not.toContain(
      "Hay una contraseña guardada",
    );
    expect(await page.getByTestId("smtp-password-warning").count()).toBe(0);

    // Typing the password again and saving puts it back, and the notice goes.
    await page.locator("#smtp-password").fill("secreto-e2e");
    await save(page);
    await cleared.waitFor({ state: "detached" });
    await expect
      .poll(() => page.locator("#smtp-password-hint").textContent())
      .toContain("Hay una contraseña guardada");
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  }, 90_000);

  it("keeps a pasted CA certificate and shows an invalid one's error on its field", async () => {
    const { page, errors } = await stack.browser.newPage();
    await login(page, stack.baseUrl, stack.admin);
    await open(page, stack.baseUrl, "/settings/notifications/smtp");
    await pointAtSink(page, stack.sink.port);
    const pem = testCertificate().cert.toString("utf8");
    const ca = page.locator("#smtp-ca-certificate");
    // Behind "Opciones avanzadas" while there is none.
    expect(await ca.isVisible()).toBe(false);
    await page.locator("[data-testid=smtp-advanced] summary").click();
    expect(await page.locator("label[for=smtp-ca-certificate]").textContent()).toBe(
      "Certificado de CA propio (PEM)",
    );
    expect(await page.locator("#smtp-ca-certificate-hint").textContent()).toContain(
      "autoridad de certificación",
    );
    await ca.fill(pem);
    await save(page);
    await expectToast(page);

    await page.reload();
    await page.locator("#smtp-host").waitFor();
    // Kept, and shown open since the clinic has one.
    await expect.poll(() => ca.inputValue()).toContain("-----BEGIN CERTIFICATE-----");
    expect((await ca.inputValue()).replace(/\s+/g, "")).toBe(pem.replace(/\s+/g, ""));

    await ca.fill("esto no es un certificado");
    await save(page);
    const caError = page.getByTestId("smtp-ca-certificate-error");
    await caError.waitFor();
    expect(await caError.textContent()).toContain("No es un certificado válido");
    expect(await ca.getAttribute("aria-invalid")).toBe("true");
    // On the field, not in the form's banner of errors it cannot place.
    expect(await page.locator("form[aria-labelledby=smtp-title] .banner-error").count()).toBe(0);
    await screenshot(page, "07-smtp-ca-invalid");

    // The stored certificate was not replaced by the garbage.
    await page.reload();
    await page.locator("#smtp-host").waitFor();
    await expect.poll(() => ca.inputValue()).toContain("-----BEGIN CERTIFICATE-----");
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  }, 60_000);

  it("shows a refused host's error on the host field, in Spanish", async () => {
    const { page, errors } = await stack.browser.newPage();
    await login(page, stack.baseUrl, stack.admin);
    await open(page, stack.baseUrl, "/settings/notifications/smtp");
    await pointAtSink(page, stack.sink.port);
    // The cloud metadata address is refused even where private hosts are allowed (as here).
    await page.locator("#smtp-host").fill("169.254.169.254");
    await save(page);
    const hostError = page.getByTestId("smtp-host-error");
    await hostError.waitFor();
    expect(await hostError.textContent()).toContain("No se permite «169.254.169.254»");
    expect(await page.locator("#smtp-host").getAttribute("aria-invalid")).toBe("true");
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  }, 60_000);
});
