// Steps a member of staff takes in the UI, shared by the scenarios.
import type { Page } from "playwright-core";
import type { Login } from "./stack.js";

export async function login(page: Page, baseUrl: string, who: Login): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.locator("#login-email").fill(who.email);
  await page.locator("#login-password").fill(who.password);
  await page.locator("form button[type=submit]").click();
  await page.locator("#main-nav").waitFor();
}

/** In-app navigation (the SPA keeps its session in sessionStorage, which survives reloads). */
export async function open(page: Page, baseUrl: string, pathAndQuery: string): Promise<void> {
  await page.goto(`${baseUrl}${pathAndQuery}`);
}

export async function expectToast(page: Page): Promise<string> {
  const toast = page.getByTestId("toast").last();
  await toast.waitFor();
  return (await toast.textContent()) ?? "";
}

/** Opens the email server tab and points the clinic at the given plain SMTP server. */
export async function configureSmtp(page: Page, baseUrl: string, port: number): Promise<void> {
  await open(page, baseUrl, "/settings/notifications/smtp");
  await page.locator("#smtp-provider").selectOption("smtp");
  await page.locator("#smtp-host").fill("127.0.0.1");
  await page.locator("#smtp-security-none").check();
  await page.locator("#smtp-port").fill(String(port));
  await page.locator("#smtp-username").fill("");
  await page.locator("#smtp-from-email").fill("citas@clinica-e2e.test");
  await page.locator("#smtp-from-name").fill("Clínica E2E");
  await page.locator("form[aria-labelledby=smtp-title] button[type=submit]").click();
  await expectToast(page);
}
