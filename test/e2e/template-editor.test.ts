// The template editor in Chromium: its live preview keeps at most one request in flight (the
// server allows a clinic two at a time and answers 429 past that), a "busy" answer is retried and
// never shown as an error, and the preview ends on the last draft typed.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenService } from "../../src/core/auth/tokens.js";
import { type Stack, startStack } from "./support/stack.js";
import { login, open } from "./support/ui.js";

const PREVIEW = "**/api/v1/notifications/templates/preview";

/** Runs until the render time limit (2 s) stops it: holds one of the clinic's two preview slots. */
const HEAVY = "{% for i in range(100000) %}{% if range(100000)|sum > 0 %}{% endif %}{% endfor %}";

describe("the template editor's live preview", () => {
  let stack: Stack;
  let token: string;

  beforeAll(async () => {
    stack = await startStack();
    const secret = readFileSync(path.join(stack.dataDir, "secret_key"), "utf8").trim();
    token = await new TokenService(secret).signAccess({
      clinicId: stack.clinicId,
      role: "admin",
      userId: null,
      ttlSeconds: 600,
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  async function openEditor(page: Page) {
    await login(page, stack.baseUrl, stack.admin);
    await open(page, stack.baseUrl, "/settings/notifications/templates");
    await page.locator("#tpl-type").selectOption("appointment_reminder");
    await expect.poll(() => page.getByTestId("preview-subject").textContent()).toBeTruthy();
  }

  it("sends one preview at a time, and only the latest draft, while the first is slow", async () => {
    const { page, errors } = await stack.browser.newPage();
    await openEditor(page);

    // The network holds the first preview until the test has typed three more drafts.
    let inFlight = 0;
    let maxInFlight = 0;
    const subjects: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((r) => {
      releaseFirst = r;
    });
    await page.route(PREVIEW, async (route: Route) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      subjects.push((route.request().postDataJSON() as { subject: string }).subject);
      if (subjects.length === 1) await firstHeld;
      try {
        await route.continue();
      } finally {
        inFlight--;
      }
    });

    const subject = page.locator("#tpl-subject");
    await subject.fill("Recordatorio");
    await expect.poll(() => subjects.length).toBe(1);
    // A steady typist: every pause is longer than the preview's debounce.
    await subject.pressSequentially(" 123", { delay: 600 });
    releaseFirst();

    await expect
      .poll(() => page.getByTestId("preview-subject").textContent(), { timeout: 15_000 })
      .toBe("Recordatorio 123");
    expect(maxInFlight).toBe(1);
    // The first draft, then only the last one (the drafts typed meanwhile were never sent).
    expect(subjects).toEqual(["Recordatorio", "Recordatorio 123"]);
    expect(errors.filter((e) => /429|Too Many/.test(e))).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it("shows 'updating', not an error, while the server is busy, then the last draft", async () => {
    const { page, errors } = await stack.browser.newPage();
    await openEditor(page);
    const statuses: number[] = [];
    page.on("response", (r) => {
      if (r.url().endsWith("/templates/preview")) statuses.push(r.status());
    });

    // Two slow previews from elsewhere take both of the clinic's slots.
    const preview = (body_html: string) =>
      fetch(`${stack.baseUrl}/api/v1/notifications/templates/preview`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ template_key: "welcome", locale: "es", subject: "x", body_html }),
      });
    const heavy = [preview(HEAVY), preview(HEAVY)];
    await expect.poll(async () => (await preview("<p>probe</p>")).status, { timeout: 10_000 }).toBe(429);

    await page.locator("#tpl-subject").fill("Ocupado");
    await expect.poll(() => statuses.includes(429), { timeout: 10_000 }).toBe(true);
    expect(await page.locator(".preview [role=alert]").count()).toBe(0);
    await page.locator("#preview-title").locator("xpath=..").getByText("Actualizando…").waitFor();
    await Promise.all(heavy);

    await expect
      .poll(() => page.getByTestId("preview-subject").textContent(), { timeout: 15_000 })
      .toBe("Ocupado");
    expect(await page.locator(".preview [role=alert]").count()).toBe(0);
    // The browser itself logs each refused request; nothing else went wrong.
    expect(errors.filter((e) => !/status of 429/.test(e))).toEqual([]);
  }, 60_000);
});
