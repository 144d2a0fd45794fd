// Settings > Notifications > Email server: an admin points the clinic at a real SMTP server
// and proves it with a test email; a receptionist never sees that form.
import { describe, expect, it } from "vitest";
import { screenshot } from "./support/browser.js";
import { sentTo, waitForMail } from "./support/mail.js";
import { freePort } from "./support/server.js";
import { useStack } from "./support/stack.js";
import { configureSmtp, login, open } from "./support/ui.js";

describe("email server settings", () => {
  const stack = useStack();

  it("lets an admin configure SMTP and send a test email that arrives", async () => {
    const { page, errors } = await stack.browser.newPage();
    await page.goto(`${stack.baseUrl}/`);
    await screenshot(page, "01-login");
    await login(page, stack.baseUrl, stack.admin);

    await configureSmtp(page, stack.baseUrl, stack.sink.port);
    // What was saved comes back: plain connection on the sink's port, no password stored.
    await page.reload();
    await expect.poll(() => page.locator("#smtp-host").inputValue()).toBe("127.0.0.1");
    expect(await page.locator("#smtp-port").inputValue()).toBe(String(stack.sink.port));
    expect(await page.locator("#smtp-security-none").isChecked()).toBe(true);

    await page.locator("#smtp-test-to").fill("prueba@destino-e2e.test");
    await page.locator("form[aria-labelledby=smtp-test-title] button[type=submit]").click();
    const result = page.getByTestId("smtp-test-result");
    await result.waitFor();
    expect(await result.getAttribute("class")).toContain("result-success");
    // Worded by the UI from the answer's code, in Spanish (the server's English is not shown).
    expect(await result.textContent()).toBe("✓ El correo de prueba se ha enviado a prueba@destino-e2e.test.");

    const mail = await waitForMail(stack.sink, "the test email", sentTo("prueba@destino-e2e.test"));
    expect(mail.envelope.mailFrom).toBe("citas@clinica-e2e.test");
    // The test email itself is in the clinic's language.
    expect(mail.subject).toBe("Correo de prueba – Clínica Dental Sonrisas (demo)");
    // A successful test of the saved settings marks them verified, with the date.
    await page.getByTestId("smtp-verified").waitFor();
    await screenshot(page, "02-smtp-settings");

    // On a phone the navigation folds behind the menu button.
    await page.setViewportSize({ width: 390, height: 844 });
    const toggle = page.locator("button.nav-toggle");
    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    await page.locator("#main-nav a[href='/patients']").waitFor();
    await screenshot(page, "02b-smtp-settings-phone");
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("explains a failing server in plain words, with the failing step", async () => {
    const { page, errors } = await stack.browser.newPage();
    await login(page, stack.baseUrl, stack.admin);
    await open(page, stack.baseUrl, "/settings/notifications/smtp");
    await page.locator("#smtp-host").waitFor();
    // A port where nothing listens: the form's unsaved values are tested, not the saved ones.
    await page.locator("#smtp-port").fill(String(await freePort()));
    await page.locator("#smtp-test-to").fill("prueba@destino-e2e.test");
    await page.locator("form[aria-labelledby=smtp-test-title] button[type=submit]").click();
    const result = page.getByTestId("smtp-test-result");
    await result.waitFor();
    expect(await result.getAttribute("class")).toContain("result-failure");
    expect(await result.textContent()).toBe(
      "✕ No se pudo conectar con el servidor de correo. Revisa el servidor y el puerto.",
    );
    await screenshot(page, "03-smtp-test-failure");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("does not show the SMTP form to a receptionist", async () => {
    const { page, errors } = await stack.browser.newPage();
    await login(page, stack.baseUrl, stack.receptionist);
    // A receptionist reads the email log and fixes bouncing addresses, so Notifications is
    // there, but only with those two tabs.
    await open(page, stack.baseUrl, "/settings/notifications");
    await page.waitForURL(/\/settings\/notifications\/logs/);
    await page.locator("nav.tabs a").first().waitFor();
    const tabs = await page.locator("nav.tabs a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(tabs).toEqual(["/settings/notifications/logs", "/settings/notifications/suppressions"]);
    await screenshot(page, "04-receptionist-logs");

    // Even by typing the address, the form is not there.
    await open(page, stack.baseUrl, "/settings/notifications/smtp");
    await page.locator(".tab-panel").waitFor();
    expect(await page.locator("#smtp-host").count()).toBe(0);
    expect(await page.locator("#smtp-provider").count()).toBe(0);
    await screenshot(page, "05-receptionist-no-smtp");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
