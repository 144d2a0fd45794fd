// Steps a member of staff takes in the UI, shared by the scenarios.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { TokenService } from "../../../src/core/auth/tokens.js";
import type { Login, Stack } from "./stack.js";

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

/** The code editor's text, line by line (CodeMirror draws each line as a .cm-line). */
export async function editorText(page: Page, id: string): Promise<string> {
  return (await page.locator(`#${id} .cm-line`).allTextContents()).join("\n");
}

/** Replaces the code editor's text the way a user does: select all, then type (paste) the new text. */
export async function setEditorText(page: Page, id: string, text: string): Promise<void> {
  await page.locator(`#${id}`).click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
  // CodeMirror draws only the lines near the viewport: the first ones are enough to see the change.
  const head = text.split("\n").slice(0, 3).join("\n");
  await expect.poll(async () => (await editorText(page, id)).startsWith(head)).toBe(true);
}

/** The template in effect, as the API gives it (the editor draws only the lines in view). */
export async function effectiveHtml(stack: Stack, key: string): Promise<string> {
  const res = await fetch(
    `${stack.baseUrl}/api/v1/notifications/templates/effective?template_key=${key}&locale=es`,
    { headers: { authorization: `Bearer ${await adminToken(stack)}` } },
  );
  return ((await res.json()) as { data: { body_html: string } }).data.body_html;
}

export async function adminToken(stack: Stack): Promise<string> {
  const secret = readFileSync(path.join(stack.dataDir, "secret_key"), "utf8").trim();
  return new TokenService(secret).signAccess({
    clinicId: stack.clinicId,
    role: "admin",
    userId: null,
    ttlSeconds: 600,
  });
}

/** The staff session's own API, for the set-up the test is not about. */
export async function staffApi<T>(
  page: Page,
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const token = await page.evaluate(
    () => JSON.parse(sessionStorage.getItem("dentalpin.session") ?? "{}").token as string,
  );
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: T }).data;
}
