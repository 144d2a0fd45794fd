// The template editor in Chromium: its live preview keeps at most one request in flight (the
// server allows a clinic two at a time and answers 429 past that), a "busy" answer is retried and
// never shown as an error, and the preview ends on the last draft typed.
import type { Page, Route } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "./support/stack.js";
import { adminToken, editorText, effectiveHtml, login, open, setEditorText } from "./support/ui.js";

const PREVIEW = "**/api/v1/notifications/templates/preview";

/** Runs until the render time limit (2 s) stops it: holds one of the clinic's two preview slots. */
const HEAVY = "{% for i in range(100000) %}{% if range(100000)|sum > 0 %}{% endif %}{% endfor %}";

describe("the template editor's live preview", () => {
  const stack = useStack();
  let token: string;

  beforeAll(async () => {
    token = await adminToken(stack);
  }, 120_000);

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

describe("the template editor", () => {
  const stack = useStack();

  it("marks a syntax error at its line and column, in Spanish, and keeps Save off until it is fixed", async () => {
    const { page, errors } = await stack.browser.newPage();
    await login(page, stack.baseUrl, stack.admin);
    await open(page, stack.baseUrl, "/settings/notifications/templates");
    await page.locator("#tpl-type").selectOption("appointment_confirmation");
    await page.locator("#tpl-locale").selectOption("es");
    // A real code editor: labelled, with line numbers, HTML and Jinja highlighted.
    await page.getByTestId("tpl-html-editor").waitFor();
    const editor = page.locator("#tpl-html");
    expect(await editor.getAttribute("contenteditable")).toBe("true");
    const labelledBy = await editor.getAttribute("aria-labelledby");
    expect(await page.locator(`#${labelledBy}`).textContent()).toBe("Cuerpo HTML");
    await expect.poll(() => page.locator("[data-testid=tpl-html-editor] .cm-lineNumbers").count()).toBe(1);
    await expect.poll(() => editorText(page, "tpl-html")).toContain("{% block content %}");
    // Highlighted: tags and Jinja statements are drawn in styled spans.
    expect(await page.locator("#tpl-html .cm-line span[class]").count()).toBeGreaterThan(10);

    // The shipped template with the '}' of line 2's last tag missing.
    const good = await effectiveHtml(stack, "appointment_confirmation");
    const lines = good.split("\n");
    expect(lines[1]).toMatch(/%\}$/);
    lines[1] = lines[1]!.slice(0, -1);
    const column = lines[1]!.lastIndexOf("{%") + 1;
    await setEditorText(page, "tpl-html", lines.join("\n"));

    const error = page.getByTestId("tpl-html-error");
    await error.waitFor();
    expect(await error.textContent()).toBe(
      `Línea 2, columna ${column}: La etiqueta «{%» no está cerrada: falta «%}».`,
    );
    // Line 2 is highlighted and marked in the gutter; the field says it is invalid.
    const marked = page.locator("#tpl-html .cm-error-line");
    await expect.poll(() => marked.count()).toBe(1);
    expect(await marked.textContent()).toBe(lines[1]);
    const lineNumbers = await page
      .locator("[data-testid=tpl-html-editor] .cm-lineNumbers .cm-gutterElement")
      .allTextContents();
    expect(lineNumbers.slice(0, 3)).toContain("2");
    await expect
      .poll(() => page.locator("[data-testid=tpl-html-editor] .cm-lint-marker-error").count())
      .toBe(1);
    expect(await editor.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("tpl-save").isDisabled()).toBe(true);
    await page.getByTestId("tpl-save-blocked").getByText("Corrige los errores").waitFor();

    // Fixed: the mark goes, Save is offered.
    await setEditorText(page, "tpl-html", good.replace("¡Tu cita está confirmada!", "¡Cita confirmada!"));
    await error.waitFor({ state: "detached" });
    await expect.poll(() => marked.count()).toBe(0);
    await expect.poll(() => page.getByTestId("tpl-save").isDisabled()).toBe(false);
    // The only console errors allowed here are the browser's notes about the 422 answers.
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  }, 60_000);

  it("says so when a save fails", async () => {
    const { page, errors } = await stack.browser.newPage();
    await login(page, stack.baseUrl, stack.admin);
    await open(page, stack.baseUrl, "/settings/notifications/templates");
    await page.locator("#tpl-type").selectOption("welcome");
    await page.locator("#tpl-locale").selectOption("es");
    await page.getByTestId("template-source").waitFor();
    expect(await page.getByTestId("template-source").getAttribute("data-source")).toBe("file");
    await page.locator("#tpl-subject").fill("Bienvenida (editor)");
    await expect.poll(() => page.getByTestId("preview-subject").textContent()).toBe("Bienvenida (editor)");

    // Meanwhile someone else saves the clinic's own welcome template: this save now conflicts.
    const token = await adminToken(stack);
    const other = await fetch(`${stack.baseUrl}/api/v1/notifications/templates`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        template_key: "welcome",
        locale: "es",
        subject: "Otra",
        body_html: "<p>otra</p>",
      }),
    });
    expect(other.status).toBe(201);

    await page.getByTestId("tpl-save").click();
    const failed = page.getByTestId("tpl-save-failed");
    await failed.waitFor();
    expect(await failed.textContent()).toBe("No se ha guardado la plantilla. Choca con algo que ya existe.");
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  }, 60_000);

  it("previews with the clinic's own name and one of its professionals", async () => {
    const { page, errors } = await stack.browser.newPage();
    await login(page, stack.baseUrl, stack.admin);
    await open(page, stack.baseUrl, "/settings/notifications/templates");
    await page.locator("#tpl-type").selectOption("appointment_reminder");
    await page.locator("#tpl-locale").selectOption("es");
    await page.locator("#tpl-subject").fill("{{ clinic_name }} · {{ professional_name }}");
    // The demo clinic and the first of its professionals by name, not invented sample data.
    await expect
      .poll(() => page.getByTestId("preview-subject").textContent())
      .toBe("Clínica Dental Sonrisas (demo) · Lucía Martín");
    const frame = page.frameLocator("[data-testid=preview-frame]");
    await expect.poll(() => frame.locator("body").textContent()).toContain("Calle Mayor 1, 28013 Madrid");
    expect(await frame.locator("body").textContent()).not.toContain("Clínica Dental Sonrisa ");
    expect(errors).toEqual([]);
  }, 60_000);
});
